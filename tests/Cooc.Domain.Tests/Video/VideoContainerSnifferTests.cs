using System.Buffers.Binary;
using System.Text;
using Cooc.Video;

namespace Cooc.Domain.Tests.Video;

public sealed class VideoContainerSnifferTests
{
    private static byte[] Box(string type, byte[] content)
    {
        var box = new byte[8 + content.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        content.CopyTo(box, 8);
        return box;
    }

    private static byte[] Ftyp(string major, params string[] compatible) =>
        Box("ftyp", [.. Encoding.ASCII.GetBytes(major), 0, 0, 2, 0, .. compatible.SelectMany(Encoding.ASCII.GetBytes)]);

    private static byte[] File(params byte[][] parts) => [.. parts.SelectMany(p => p), .. new byte[64]];

    [Theory]
    [InlineData("isom", new[] { "isom", "iso2", "avc1", "mp41" }, VideoContainer.Mp4)]
    [InlineData("mp42", new[] { "mp42", "isom" }, VideoContainer.Mp4)]
    [InlineData("qt  ", new[] { "qt  " }, VideoContainer.Mov)]
    [InlineData("zzzz", new[] { "qt  " }, VideoContainer.Mov)]
    [InlineData("zzzz", new[] { "zzzz", "iso6" }, VideoContainer.Mp4)]
    [InlineData("M4A ", new[] { "M4A ", "mp42", "isom" }, VideoContainer.Unknown)]
    [InlineData("heic", new[] { "mif1", "heic" }, VideoContainer.Unknown)]
    [InlineData("zzzz", new[] { "zzzz" }, VideoContainer.Unknown)]
    public void Iso_media_is_told_by_its_brands(string major, string[] compatible, VideoContainer expected) =>
        Assert.Equal(expected, VideoContainerSniffer.Detect(File(Ftyp(major, compatible), Box("moov", new byte[16]))));

    [Fact]
    public void A_mov_differs_from_an_mp4_only_by_its_major_brand()
    {
        Assert.Equal(VideoContainer.Mov, VideoContainerSniffer.Detect(File(Ftyp("qt  ", "qt  "))));
        Assert.Equal(VideoContainer.Mp4, VideoContainerSniffer.Detect(File(Ftyp("isom", "qt  "))));
    }

    [Fact]
    public void Old_quicktime_files_without_ftyp_are_mov_when_a_movie_box_follows()
    {
        Assert.Equal(VideoContainer.Mov, VideoContainerSniffer.Detect(File(Box("wide", []), Box("mdat", new byte[32]))));
        Assert.Equal(VideoContainer.Mov, VideoContainerSniffer.Detect(File(Box("moov", new byte[32]))));
        Assert.Equal(VideoContainer.Mp4, VideoContainerSniffer.Detect(File(Box("free", new byte[8]), Ftyp("isom"))));
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect(File(Box("free", new byte[8]))));
    }

    private static byte[] Ebml(string docType)
    {
        byte[] children =
        [
            0x42, 0x86, 0x81, 0x01, // EBMLVersion 1
            0x42, 0xF7, 0x81, 0x01, // EBMLReadVersion 1
            0x42, 0xF2, 0x81, 0x04, // EBMLMaxIDLength 4
            0x42, 0xF3, 0x81, 0x08, // EBMLMaxSizeLength 8
            0x42, 0x82, (byte)(0x80 | docType.Length), .. Encoding.ASCII.GetBytes(docType),
            0x42, 0x87, 0x81, 0x04, // DocTypeVersion 4
            0x42, 0x85, 0x81, 0x02, // DocTypeReadVersion 2
        ];
        return [0x1A, 0x45, 0xDF, 0xA3, (byte)(0x80 | children.Length), .. children, 0x18, 0x53, 0x80, 0x67, 0x01, 0xFF];
    }

    [Theory]
    [InlineData("webm", VideoContainer.WebM)]
    [InlineData("matroska", VideoContainer.Matroska)]
    [InlineData("mka", VideoContainer.Unknown)]
    public void Matroska_and_webm_are_told_by_the_doc_type(string docType, VideoContainer expected) =>
        Assert.Equal(expected, VideoContainerSniffer.Detect(Ebml(docType)));

    [Fact]
    public void An_ebml_header_with_an_eight_byte_size_is_read_too()
    {
        var oneByteSize = Ebml("webm");
        byte[] eightByteSize = [0x1A, 0x45, 0xDF, 0xA3, 0x01, 0, 0, 0, 0, 0, 0, (byte)(oneByteSize[4] & 0x7F), .. oneByteSize[5..]];
        Assert.Equal(VideoContainer.WebM, VideoContainerSniffer.Detect(eightByteSize));
    }

    [Fact]
    public void Truncated_and_foreign_files_are_unknown()
    {
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect([]));
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect(Ebml("webm")[..12]));
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect(Ftyp("isom")[..6]));
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect("%PDF-1.7\n%âãÏÓ\n1 0 obj"u8));
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect([0x89, .. "PNG\r\n\u001a\n"u8, 0, 0, 0, 13, .. "IHDR"u8]));
        Assert.Equal(VideoContainer.Unknown, VideoContainerSniffer.Detect("RIFF\0\0\0\0AVI LIST"u8));
    }

    [Fact]
    public void Only_mp4_is_served_progressively()
    {
        Assert.True(VideoContainerSniffer.ServesProgressively(VideoContainer.Mp4));
        Assert.False(VideoContainerSniffer.ServesProgressively(VideoContainer.Mov));
        Assert.False(VideoContainerSniffer.ServesProgressively(VideoContainer.Matroska));
    }
}
