using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// The metadata at the start of every blob file. Keeping it in the same file as the content means one rename
/// publishes both together: a reader can never pair new bytes with an old ETag or content type.
/// Layout: "COOCBLB1" | int32 content offset | int64 last modified (unix ms) | uint16+UTF-8 ETag | uint16+UTF-8 content type,
/// then the content.
/// With separate content files (see <see cref="LocalFileBlobStoreOptions.SeparateContentFiles"/>) the blob file is the
/// header alone, "COOCBLB2" and the same fields followed by the int64 content length; the content is an immutable file
/// named by the ETag (<see cref="BlobFileLayout.ContentFile"/>). The header is still what one rename publishes.
/// </summary>
internal sealed record BlobFileHeader(string ETag, string ContentType, DateTimeOffset LastModified, int ContentOffset,
    long? SeparateContentLength = null)
{
    private static ReadOnlySpan<byte> Magic => "COOCBLB1"u8;
    private static ReadOnlySpan<byte> SeparateMagic => "COOCBLB2"u8;
    private const int LastModifiedOffset = 12;
    private const int FixedLength = 20;
    private const int FirstReadLength = 512;

    /// <summary>A fresh random ETag per write, Azure-style ("0x" and 16 hex digits), so every overwrite changes it.</summary>
    public static string NewETag() => "0x" + RandomNumberGenerator.GetHexString(16);

    /// <summary>The content is in its own file (COOCBLB2): this header is the whole blob file.</summary>
    public bool HasSeparateContent => SeparateContentLength is not null;

    /// <summary>
    /// Writes the header with a provisional time; <see cref="WriteLastModified"/> sets the real one once the content is in.
    /// With separateContentLength, writes a COOCBLB2 header for content kept in its own file.
    /// </summary>
    public static int Write(Stream file, string etag, string contentType, long? separateContentLength = null)
    {
        var etagBytes = Encoding.UTF8.GetBytes(etag);
        var typeBytes = Encoding.UTF8.GetBytes(contentType);
        var length = FixedLength + 2 + etagBytes.Length + 2 + typeBytes.Length + (separateContentLength is null ? 0 : 8);
        var buffer = new byte[length];
        (separateContentLength is null ? Magic : SeparateMagic).CopyTo(buffer);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(8), length);
        var at = FixedLength;
        foreach (var field in new[] { etagBytes, typeBytes })
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(at), (ushort)field.Length);
            field.CopyTo(buffer.AsSpan(at + 2));
            at += 2 + field.Length;
        }
        if (separateContentLength is { } contentLength)
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(at), contentLength);
        file.Write(buffer);
        return length;
    }

    public static void WriteLastModified(SafeFileHandle file, DateTimeOffset lastModified)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, lastModified.ToUnixTimeMilliseconds());
        RandomAccess.Write(file, bytes, LastModifiedOffset);
    }

    public static BlobFileHeader Read(SafeFileHandle file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FirstReadLength);
        try
        {
            var read = ReadFully(file, buffer.AsSpan(0, FirstReadLength), 0);
            var separate = read >= FixedLength && buffer.AsSpan(0, SeparateMagic.Length).SequenceEqual(SeparateMagic);
            if (read < FixedLength || !separate && !buffer.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new InvalidDataException("Not a blob file: the header is missing.");
            var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(8));
            if (length < FixedLength + 4 || length > 64 * 1024)
                throw new InvalidDataException("Not a blob file: bad header length.");
            if (length > read)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(length);
                if (ReadFully(file, buffer.AsSpan(0, length), 0) < length)
                    throw new InvalidDataException("Not a blob file: the header is truncated.");
            }
            return Parse(buffer.AsSpan(0, length), separate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static BlobFileHeader Parse(ReadOnlySpan<byte> header, bool separate)
    {
        var lastModified = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(header[LastModifiedOffset..]));
        var rest = header[FixedLength..];
        var etag = ReadString(ref rest);
        var contentType = ReadString(ref rest);
        long? separateLength = null;
        if (separate)
        {
            separateLength = rest.Length == 8 ? BinaryPrimitives.ReadInt64LittleEndian(rest) : -1;
            if (separateLength < 0)
                throw new InvalidDataException("Not a blob file: bad content length.");
        }
        return new BlobFileHeader(etag, contentType, lastModified, header.Length, separateLength);
    }

    private static string ReadString(ref ReadOnlySpan<byte> rest)
    {
        var length = rest.Length < 2 ? -1 : BinaryPrimitives.ReadUInt16LittleEndian(rest);
        if (length < 0 || rest.Length < 2 + length)
            throw new InvalidDataException("Not a blob file: a header field is truncated.");
        var value = Encoding.UTF8.GetString(rest.Slice(2, length));
        rest = rest[(2 + length)..];
        return value;
    }

    private static int ReadFully(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(file, buffer[total..], offset + total);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }
}
