using System.Collections.Concurrent;
using System.Net;
using Cooc.Video;
using Microsoft.Win32.SafeHandles;

namespace Cooc.Functions.Video.Upload;

/// <summary>
/// Puts a file's blocks to a signed upload URL (Azure's Put Block), <c>parallel</c> at a time. Each block is read from
/// the file at its offset into one of at most <c>parallel</c> buffers, so memory stays at parallel × block size
/// whatever the file's size. Network failures and 5xx are retried with backoff; a 403 means the URL expired or was
/// revoked, so the session is read again for a fresh URL (at most <see cref="MaxUrlRefreshes"/> times per block).
/// </summary>
public sealed class BlockUploader(HttpClient http, UploadUrlSource urls, RetryPolicy retry, TransferMeter meter, int parallel)
{
    public const int MaxUrlRefreshes = 3;

    public async Task UploadAsync(FileInfo file, UploadView session, IReadOnlyList<int> blocks, CancellationToken ct)
    {
        using var handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var buffers = new ConcurrentBag<byte[]>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct };
        await Parallel.ForEachAsync(blocks, options, async (index, token) =>
        {
            if (!buffers.TryTake(out var buffer)) buffer = new byte[session.BlockSize];
            try
            {
                var block = await ReadBlockAsync(handle, session, index, buffer, token);
                await PutWithRefreshAsync(index, block, token);
            }
            finally
            {
                buffers.Add(buffer);
            }
        });
    }

    /// <summary>Block i: bytes [i × blockSize, min(size, (i + 1) × blockSize)) of the file.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBlockAsync(SafeFileHandle handle, UploadView session, int index, byte[] buffer, CancellationToken ct)
    {
        var offset = (long)index * session.BlockSize;
        var length = (int)Math.Min(session.BlockSize, session.Size - offset);
        var read = 0;
        while (read < length)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, length - read), offset + read, ct);
            if (n == 0) throw new UploadFailedException($"The file ended at {offset + read} bytes while reading block {index}: it changed during the upload. Run again with --new.");
            read += n;
        }
        return buffer.AsMemory(0, length);
    }

    private async Task PutWithRefreshAsync(int index, ReadOnlyMemory<byte> block, CancellationToken ct)
    {
        for (var refreshes = 0; ; refreshes++)
        {
            var url = urls.Current;
            var status = await retry.RunAsync($"block {index}", token => PutAsync(url.Url, index, block, token), ct);
            if (status != HttpStatusCode.Forbidden) return;
            if (refreshes == MaxUrlRefreshes)
                throw new UploadFailedException($"The storage refused block {index} with 403 Forbidden even with a fresh upload URL. Check the computer's clock, then run again.");
            await urls.RefreshAsync(url.Version, ct);
        }
    }

    /// <summary>One Put Block: created, or 403 for the caller to refresh the URL; anything else throws (transient or not).</summary>
    private async Task<HttpStatusCode> PutAsync(string uploadUrl, int index, ReadOnlyMemory<byte> block, CancellationToken ct)
    {
        var separator = uploadUrl.Contains('?') ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{uploadUrl}{separator}comp=block&blockid={Uri.EscapeDataString(UploadRules.BlockId(index))}");
        var content = new BlockContent(block, meter);
        request.Content = content;
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return response.StatusCode;
            content.TakeBack();
            if (response.StatusCode == HttpStatusCode.Forbidden) return response.StatusCode;
            var problem = $"{(int)response.StatusCode} {response.ReasonPhrase}: {ProblemText.Of(await response.Content.ReadAsStringAsync(ct))}";
            if (TransientStatusException.IsTransient(response.StatusCode)) throw new TransientStatusException(response.StatusCode, problem);
            throw new UploadFailedException($"The storage refused block {index}: {problem}");
        }
        catch (Exception e) when (e is not UploadFailedException and not TransientStatusException)
        {
            content.TakeBack();
            throw;
        }
    }

    /// <summary>A block's bytes with a known length (Azure needs Content-Length), counted on the meter as they are written.</summary>
    private sealed class BlockContent(ReadOnlyMemory<byte> block, TransferMeter meter) : HttpContent
    {
        private const int ChunkSize = 64 * 1024;
        private long counted;

        /// <summary>Takes this attempt's bytes off the meter: they will be sent again.</summary>
        public void TakeBack() => meter.Add(-Interlocked.Exchange(ref counted, 0));

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            TakeBack(); // a resend of the same content (redirect, connection reuse) starts over
            for (var offset = 0; offset < block.Length; offset += ChunkSize)
            {
                var chunk = block.Slice(offset, Math.Min(ChunkSize, block.Length - offset));
                await stream.WriteAsync(chunk, cancellationToken);
                Interlocked.Add(ref counted, chunk.Length);
                meter.Add(chunk.Length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = block.Length;
            return true;
        }
    }
}

/// <summary>The session's signed upload URL, read again (once for all blocks that saw it refused) when storage answers 403.</summary>
public sealed class UploadUrlSource(string uploadUrl, Func<CancellationToken, Task<UploadView>> readSession)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private SignedUploadUrl current = new(uploadUrl, 0);

    public SignedUploadUrl Current => Volatile.Read(ref current);

    public async Task RefreshAsync(int refusedVersion, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (current.Version != refusedVersion) return; // another block already fetched a fresh one
            var session = await readSession(ct);
            if (session.Status != "open")
                throw new UploadFailedException($"The upload session is {session.Status} (it expired at {session.ExpiresAt:u}). Run the command again to start a new upload.");
            Volatile.Write(ref current, new SignedUploadUrl(session.UploadUrl, current.Version + 1));
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>An upload URL and how many times it was renewed, so blocks refused at the same version renew it once.</summary>
public sealed record SignedUploadUrl(string Url, int Version);
