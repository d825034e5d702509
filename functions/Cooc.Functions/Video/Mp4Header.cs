using System.Buffers.Binary;

namespace Cooc.Functions.Video;

/// <summary>Reads an MP4's duration from its movie header (moov/mvhd), wherever moov sits in the file: no ffprobe needed.</summary>
public static class Mp4Header
{
    public static async Task<double?> DurationSecondsAsync(Stream file, CancellationToken ct)
    {
        var moov = await FindBoxAsync(file, 0, file.Length, "moov", ct);
        if (moov is null) return null;
        var mvhd = await FindBoxAsync(file, moov.Value.Start, moov.Value.End, "mvhd", ct);
        if (mvhd is null) return null;
        var body = new byte[32];
        file.Position = mvhd.Value.Start;
        var read = await file.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, ct);
        if (read < 24) return null;
        var (timescale, duration) = body[0] == 1
            ? (BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(20)), read >= 32 ? BinaryPrimitives.ReadUInt64BigEndian(body.AsSpan(24)) : 0UL)
            : (BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(12)), BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16)));
        return timescale == 0 || duration == 0 ? null : (double)duration / timescale;
    }

    /// <summary>The payload range of the first box of this type between start and end (boxes: 32-bit size, type, optional 64-bit size).</summary>
    private static async Task<(long Start, long End)?> FindBoxAsync(Stream file, long start, long end, string type, CancellationToken ct)
    {
        var header = new byte[16];
        for (var at = start; at + 8 <= end;)
        {
            file.Position = at;
            if (await file.ReadAtLeastAsync(header, 16, throwOnEndOfStream: false, ct) < 8) return null;
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (size == 1) { size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)); headerLength = 16; }
            else if (size == 0) size = end - at;
            if (size < headerLength || at + size > end) return null;
            if (System.Text.Encoding.ASCII.GetString(header, 4, 4) == type) return (at + headerLength, at + size);
            at += size;
        }
        return null;
    }
}
