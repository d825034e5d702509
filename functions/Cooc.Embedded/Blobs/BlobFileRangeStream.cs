using Microsoft.Win32.SafeHandles;

namespace Cooc.Embedded.Blobs;

/// <summary>
/// A read-only, seekable view of [start, start + length) of an open file. Positional reads (pread) share no file
/// position, and the open handle keeps the bytes readable even if the blob is replaced or deleted meanwhile.
/// Seekable with a Length, so ASP.NET Core's file results can do Range requests on it.
/// </summary>
internal sealed class BlobFileRangeStream(SafeFileHandle file, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => !file.IsClosed;
    public override bool CanSeek => !file.IsClosed;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        var count = Clamp(buffer.Length);
        if (count == 0)
            return 0;
        var read = RandomAccess.Read(file, buffer[..count], start + _position);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = Clamp(buffer.Length);
        if (count == 0)
            return 0;
        var read = await RandomAccess.ReadAsync(file, buffer[..count], start + _position, cancellationToken);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            file.Dispose();
        base.Dispose(disposing);
    }

    private int Clamp(int requested) => (int)Math.Min(requested, Math.Max(0, length - _position));
}
