using System.Net;
using Cooc.Api.Tests.Storage;

namespace Cooc.Api.Tests.Video;

/// <summary>
/// Browsers upload blocks to signed URLs and players fetch segments from other origins. Standalone, the app's blob
/// endpoint answers CORS; on the Azure adapters that endpoint does not exist (Blob Storage's CORS rules come from infra).
/// </summary>
public sealed class SignedBlobCorsTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public async Task The_signed_blob_endpoint_allows_cross_origin_uploads_and_reads_standalone()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/blobs/video/course/lecture/sources/upl_1?sig=x")
        {
            Headers = { { "Origin", "https://learn.example.com" }, { "Access-Control-Request-Method", "PUT" }, { "Access-Control-Request-Headers", "content-type" } },
        };
        var response = await app.Client.SendAsync(preflight);
        if (TestStorage.Name == "azure")
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        var read = new HttpRequestMessage(HttpMethod.Get, "/blobs/video/missing?sig=x") { Headers = { { "Origin", "https://learn.example.com" } } };
        var refused = await app.Client.SendAsync(read);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
