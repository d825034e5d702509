using System.Buffers.Binary;
using System.Text;

namespace Cooc.Video;

public enum VideoContainer { Unknown, Mp4, Mov, Matroska, WebM }

/// <summary>
/// Tells a video container from the first bytes of a file, whatever its name or declared content type says:
/// ISO base media files (MP4, MOV) by their "ftyp" brands, Matroska and WebM by the DocType of their EBML header.
/// Audio-only and image files that share the ISO format (M4A, HEIC, AVIF) are <see cref="VideoContainer.Unknown"/>.
/// </summary>
public static class VideoContainerSniffer
{
    /// <summary>Read at least this many bytes from the start of the file (fewer if the file is shorter).</summary>
    public const int MinimumHeaderBytes = 4096;

    private static readonly byte[] EbmlMagic = [0x1A, 0x45, 0xDF, 0xA3];
    private const long DocTypeId = 0x4282;

    private static readonly HashSet<string> Mp4Brands = new(StringComparer.Ordinal)
    {
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "mp71", "avc1", "dash",
        "msdh", "msix", "M4V ", "M4VH", "M4VP", "mmp4", "f4v ", "MSNV", "NDAS", "XAVC", "3gp4", "3gp5", "3gp6", "3g2a",
    };

    private static readonly HashSet<string> NotVideoBrands = new(StringComparer.Ordinal)
    {
        "M4A ", "M4B ", "M4P ", "F4A ", "F4B ", "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis", "jp2 ", "crx ",
    };

    /// <summary>Boxes that may come before "ftyp" or stand in for it in older QuickTime files.</summary>
    private static readonly HashSet<string> LeadingQuickTimeBoxes = new(StringComparer.Ordinal) { "free", "skip", "wide", "pnot", "moov", "mdat" };

    public static VideoContainer Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith(EbmlMagic) ? DetectMatroska(head) : DetectIsoMedia(head);

    /// <summary>Only MP4 plays in every browser as one progressive file (the fallback when there is no packager).</summary>
    public static bool ServesProgressively(VideoContainer container) => container == VideoContainer.Mp4;

    private static VideoContainer DetectIsoMedia(ReadOnlySpan<byte> head)
    {
        var sawQuickTimeMedia = false;
        long offset = 0;
        for (var box = 0; box < 16 && offset + 8 <= head.Length; box++)
        {
            var at = (int)offset;
            long size = BinaryPrimitives.ReadUInt32BigEndian(head[at..]);
            if (Ascii(head.Slice(at + 4, 4)) is not { } type) break;
            var headerSize = 8;
            if (size == 1)
            {
                if (at + 16 > head.Length) break;
                var large = BinaryPrimitives.ReadUInt64BigEndian(head[(at + 8)..]);
                size = large > long.MaxValue ? long.MaxValue : (long)large;
                headerSize = 16;
            }
            if (size != 0 && size < headerSize) break;
            if (type == "ftyp") return FromBrands(head[(at + headerSize)..(int)Math.Min(head.Length, at + (size == 0 ? head.Length : size))]);
            if (!LeadingQuickTimeBoxes.Contains(type)) break;
            sawQuickTimeMedia |= type is "moov" or "mdat" or "wide";
            if (size == 0) break;
            offset += size;
        }
        return sawQuickTimeMedia ? VideoContainer.Mov : VideoContainer.Unknown;
    }

    private static VideoContainer FromBrands(ReadOnlySpan<byte> ftyp)
    {
        if (ftyp.Length < 4 || Ascii(ftyp[..4]) is not { } major) return VideoContainer.Unknown;
        if (major == "qt  ") return VideoContainer.Mov;
        if (Mp4Brands.Contains(major)) return VideoContainer.Mp4;
        if (NotVideoBrands.Contains(major)) return VideoContainer.Unknown;
        var quickTime = false;
        for (var i = 8; i + 4 <= ftyp.Length; i += 4)
        {
            var brand = Ascii(ftyp.Slice(i, 4));
            if (brand is not null && Mp4Brands.Contains(brand)) return VideoContainer.Mp4;
            quickTime |= brand == "qt  ";
        }
        return quickTime ? VideoContainer.Mov : VideoContainer.Unknown;
    }

    private static VideoContainer DetectMatroska(ReadOnlySpan<byte> head)
    {
        var pos = EbmlMagic.Length;
        if (!TryReadVint(head, ref pos, keepMarker: false, out var headerSize, out var unknownSize)) return VideoContainer.Unknown;
        var end = unknownSize ? head.Length : (int)Math.Min(head.Length, pos + headerSize);
        while (pos < end)
        {
            if (!TryReadVint(head, ref pos, keepMarker: true, out var id, out _)) return VideoContainer.Unknown;
            if (!TryReadVint(head, ref pos, keepMarker: false, out var size, out var unknown) || unknown) return VideoContainer.Unknown;
            if (size > head.Length - pos) return VideoContainer.Unknown;
            if (id == DocTypeId)
                return Encoding.ASCII.GetString(head.Slice(pos, (int)size)).TrimEnd('\0') switch
                {
                    "webm" => VideoContainer.WebM,
                    "matroska" => VideoContainer.Matroska,
                    _ => VideoContainer.Unknown,
                };
            pos += (int)size;
        }
        return VideoContainer.Unknown;
    }

    /// <summary>An EBML variable-length integer: the count of leading zero bits of the first byte gives its length.</summary>
    private static bool TryReadVint(ReadOnlySpan<byte> data, ref int pos, bool keepMarker, out long value, out bool allOnes)
    {
        value = 0;
        allOnes = false;
        if (pos >= data.Length || data[pos] == 0) return false;
        var length = System.Numerics.BitOperations.LeadingZeroCount((uint)data[pos]) - 24 + 1;
        if (pos + length > data.Length) return false;
        var marker = 0x80 >> (length - 1);
        value = keepMarker ? data[pos] : data[pos] & (marker - 1);
        var ones = (data[pos] & (marker - 1)) == marker - 1;
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[pos + i];
            ones &= data[pos + i] == 0xFF;
        }
        allOnes = !keepMarker && ones;
        pos += length;
        return true;
    }

    private static string? Ascii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is < 0x20 or > 0x7E) return null;
        return Encoding.ASCII.GetString(bytes);
    }
}
