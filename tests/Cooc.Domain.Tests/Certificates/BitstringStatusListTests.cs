using System.IO.Compression;
using Cooc.Certificates;

namespace Cooc.Domain.Tests.Certificates;

public sealed class BitstringStatusListTests
{
    [Fact]
    public void The_specifications_example_of_an_empty_list_decodes_to_131072_clear_bits()
    {
        // W3C Bitstring Status List v1.0, example BitstringStatusListCredential.
        var bits = BitstringStatusList.Decode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA");
        Assert.Equal(131_072 / 8, bits.Length);
        Assert.All(bits, b => Assert.Equal(0, b));
    }

    [Theory] // index 0 is the most significant bit of the first byte
    [InlineData(0, 0, 0x80)]
    [InlineData(7, 0, 0x01)]
    [InlineData(8, 1, 0x80)]
    [InlineData(13, 1, 0x04)]
    [InlineData(131_071, 16_383, 0x01)]
    public void An_entry_sets_exactly_its_own_bit(int index, int expectedByte, int expectedValue)
    {
        var bits = Gunzip(BitstringStatusList.Encode([index]));
        Assert.Equal(16_384, bits.Length);
        for (var i = 0; i < bits.Length; i++)
            Assert.Equal(i == expectedByte ? expectedValue : 0, bits[i]);
        Assert.True(BitstringStatusList.IsSet(bits, index));
    }

    [Fact]
    public void Encoding_is_multibase_base64url_of_gzip_and_round_trips()
    {
        var set = new[] { 3, 41, 4096, 100_000 };
        var encoded = BitstringStatusList.Encode(set);
        Assert.StartsWith("uH4sI", encoded); // 'u' + base64url of the GZIP magic 1f 8b 08
        Assert.DoesNotContain('=', encoded);
        Assert.DoesNotContain('+', encoded);
        Assert.DoesNotContain('/', encoded);
        var bits = BitstringStatusList.Decode(encoded);
        Assert.Equal(set, Enumerable.Range(0, 131_072).Where(i => BitstringStatusList.IsSet(bits, i)));
    }

    [Fact]
    public void Entries_outside_the_list_and_foreign_encodings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstringStatusList.Encode([131_072]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstringStatusList.Encode([-1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstringStatusList.Encode([], 1024));
        Assert.Throws<FormatException>(() => BitstringStatusList.Decode("zH4sIAAAA"));
        Assert.Throws<FormatException>(() => BitstringStatusList.Decode("uAAAA"));
    }

    [Theory]
    [InlineData(0, "acme-0", 0)]
    [InlineData(131_071, "acme-0", 131_071)]
    [InlineData(131_072, "acme-1", 0)]
    [InlineData(300_000, "acme-2", 37_856)]
    public void Allocated_indexes_fill_one_list_after_another(long allocated, string listId, int index) =>
        Assert.Equal((listId, index), StatusListCounter.Place("acme", allocated));

    [Fact]
    public void Setting_an_entry_twice_changes_nothing_the_second_time()
    {
        var list = StatusList.New("acme-0", "acme", CertificateFixtures.Now).Set(41, CertificateFixtures.Now);
        Assert.Same(list, list.Set(41, CertificateFixtures.Now.AddDays(1)));
        Assert.Equal([5, 41], list.Set(5, CertificateFixtures.Now).Revoked);
    }

    // Independent of the code under test: base64url and GZIP by hand.
    private static byte[] Gunzip(string encoded)
    {
        var text = encoded[1..].Replace('-', '+').Replace('_', '/');
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(text.PadRight((text.Length + 3) / 4 * 4, '='))), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }
}
