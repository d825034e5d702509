using System.Text;
using Cooc.Ports;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>Requests crafted to reach outside the storage root get a 4xx, never the bait file next to the root.</summary>
public sealed class SignedBlobPathTraversalTests : IAsyncLifetime
{
    private const string Secret = "bait: outside the blob root";
    private readonly SignedBlobTestHost _host = new();

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        await File.WriteAllTextAsync(Path.Join(_host.RootParent, "secret.txt"), Secret);
        await File.WriteAllTextAsync(Path.Join(_host.RootParent, "root", "secret.txt"), Secret);
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("/blobs/video/..%2F..%2Fsecret.txt")]
    [InlineData("/blobs/video/..%2f..%2fsecret.txt")]
    [InlineData("/blobs/video/../../secret.txt")]
    [InlineData("/blobs/video/%2E%2E/%2E%2E/secret.txt")]
    [InlineData("/blobs/video/..%5C..%5Csecret.txt")]
    [InlineData("/blobs/video/a/..%5C..%5C..%5Csecret.txt")]
    [InlineData("/blobs/..%2Fvideo/secret.txt")]
    [InlineData("/blobs/%2E%2E/secret.txt")]
    [InlineData("/blobs/video/%2Fsecret.txt")]
    public async Task Traversal_attempts_never_reach_outside_the_root(string rawPath)
    {
        foreach (var method in new[] { "GET", "HEAD", "PUT" })
        {
            // A real-looking but foreign signature, and none at all.
            foreach (var query in new[] { "?se=9999999999&sp=rw&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "" })
            {
                var context = await _host.SendRawAsync(rawPath, query, method);

                Assert.InRange(context.Response.StatusCode, 400, 404);
                Assert.DoesNotContain(Secret, await BodyOf(context));
            }
        }
        Assert.Equal(Secret, await File.ReadAllTextAsync(Path.Join(_host.RootParent, "secret.txt"))); // PUT did not overwrite it
    }

    [Fact]
    public async Task An_encoded_slash_is_part_of_a_name_not_a_separator_even_with_a_valid_signature()
    {
        // "..%2F..%2Fsecret.txt" is a legal one-segment name; signing it gives a URL for that name only.
        var url = await _host.Store.GetSignedUrlAsync("video", "..%2F..%2Fsecret.txt", BlobPermissions.Read | BlobPermissions.Write,
            _host.Time.GetUtcNow().AddMinutes(5));
        Assert.Contains("/video/..%252F..%252Fsecret.txt?", url.AbsoluteUri);

        var read = await _host.Client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, read.StatusCode);

        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent("inside") };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await _host.Client.SendAsync(put)).StatusCode);
        Assert.Equal(Secret, await File.ReadAllTextAsync(Path.Join(_host.RootParent, "secret.txt")));
        Assert.Equal(["..%2F..%2Fsecret.txt"], (await _host.Store.ListAsync("video", "")).Select(b => b.Name));
    }

    private static async Task<string> BodyOf(Microsoft.AspNetCore.Http.HttpContext context)
    {
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
