using Cooc.Certificates;

namespace Cooc.Domain.Tests.Certificates;

public sealed class VerificationCodeTests
{
    [Theory] // RFC 4648 section 10 test vectors, lowercase and without padding
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Base32_matches_the_RFC_4648_vectors(string input, string expected) =>
        Assert.Equal(expected, Base32.Encode(System.Text.Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void A_new_code_carries_160_random_bits_as_32_url_safe_characters()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => VerificationCodes.New()).ToList();
        Assert.All(codes, code =>
        {
            Assert.Equal(32, code.Length);
            Assert.True(VerificationCodes.IsWellFormed(code), code);
            Assert.Equal(code, Uri.EscapeDataString(code));
        });
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.True(VerificationCodes.RandomBits >= 128);
        // Every alphabet position shows up across 6,400 random characters: the bits really are spread over all 32 symbols.
        Assert.Equal(32, codes.SelectMany(c => c).Distinct().Count());
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz234567", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz23456", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz2345678", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz234561", false)]
    [InlineData("abcdefghijklmnop/rstuvwxyz234567", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_codes_of_our_shape_are_looked_up(string? code, bool wellFormed) =>
        Assert.Equal(wellFormed, VerificationCodes.IsWellFormed(code));

    [Fact]
    public void The_certificate_id_is_derived_from_course_and_learner_only()
    {
        var id = Certificate.IdFor("crs_1", "lea");
        Assert.Equal(id, Certificate.IdFor("crs_1", "lea"));
        Assert.NotEqual(id, Certificate.IdFor("crs_1", "leo"));
        Assert.NotEqual(id, Certificate.IdFor("crs_2", "lea"));
        Assert.NotEqual(Certificate.IdFor("a", "b\nc"), Certificate.IdFor("a\nb", "c"));
        Assert.Matches("^crt_[a-z2-7]{26}$", id);
    }
}
