using System.Net;
using Cooc.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Cooc.Adapters.Tests.Blobs;

/// <summary>How the identity-based store gets and reuses user delegation keys (against Azurite with OAuth).</summary>
[Collection(AzuriteOAuthCollection.Name)]
public sealed class AzureBlobStoreDelegationKeyTests(AzuriteOAuthFixture azurite)
{
    private const string Container = BlobContainers.Video;
    private readonly string _name = Guid.NewGuid().ToString("N") + "/a.txt";

    [Fact]
    public async Task Urls_carry_a_user_delegation_key_that_is_fetched_once_and_reused()
    {
        var store = azurite.CreateStore();
        await store.PutAsync(Container, _name, BlobStoreContract.Text("hello"), "text/plain");
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);

        var read = await store.GetSignedUrlAsync(Container, _name, BlobPermissions.Read, expires);
        await store.GetSignedUrlAsync(Container, _name, BlobPermissions.Write, expires.AddMinutes(5));
        await store.GetSignedUrlAsync(Container, _name + "x", BlobPermissions.Read | BlobPermissions.Write, expires);

        Assert.Equal(1, store.DelegationKeyFetches);
        Assert.Contains($"skoid={AzuriteTokenCredential.ObjectId}", read.AbsoluteUri);
        Assert.Contains("spr=https&", read.AbsoluteUri); // https only: AllowHttp is off
        Assert.DoesNotContain("&st=", read.AbsoluteUri);
        Assert.Equal("hello", await azurite.Http.GetStringAsync(read));
    }

    [Fact]
    public async Task A_url_that_would_outlive_the_key_gets_a_new_key_first()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = azurite.CreateStore(time, delegationKeyLifetime: TimeSpan.FromHours(1));
        await store.PutAsync(Container, _name, BlobStoreContract.Text("hello"), "text/plain");

        await store.GetSignedUrlAsync(Container, _name, BlobPermissions.Read, time.GetUtcNow().AddMinutes(10));
        var outlivesTheKey = await store.GetSignedUrlAsync(Container, _name, BlobPermissions.Read, time.GetUtcNow().AddHours(3));
        await store.GetSignedUrlAsync(Container, _name, BlobPermissions.Read, time.GetUtcNow().AddHours(2));
        Assert.Equal(2, store.DelegationKeyFetches); // the second key covers the third URL
        Assert.Equal(HttpStatusCode.OK, (await azurite.Http.GetAsync(outlivesTheKey)).StatusCode);

        time.Advance(TimeSpan.FromHours(3) - TimeSpan.FromMinutes(1)); // the key is still valid, but not for 10 more minutes
        await store.GetSignedUrlAsync(Container, _name, BlobPermissions.Read, time.GetUtcNow().AddMinutes(10));
        Assert.Equal(3, store.DelegationKeyFetches);
    }

    [Fact]
    public async Task Urls_cannot_outlive_the_seven_days_a_key_can_last()
    {
        var store = azurite.CreateStore();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => store.GetSignedUrlAsync(Container, _name, BlobPermissions.Read, DateTimeOffset.UtcNow.AddDays(7)).AsTask());
        Assert.Equal(0, store.DelegationKeyFetches);
    }

    [Fact]
    public async Task Concurrent_signers_share_one_key_fetch()
    {
        var store = azurite.CreateStore();
        var expires = DateTimeOffset.UtcNow.AddMinutes(10);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            store.GetSignedUrlAsync(Container, $"{_name}{i}", BlobPermissions.Read, expires).AsTask()));

        Assert.Equal(1, store.DelegationKeyFetches);
    }
}
