using Cooc.Common;

namespace Cooc.Domain.Tests;

public sealed class LocalizedTextTests
{
    private static readonly Dictionary<string, string> Texts = new() { ["en"] = "Hello", ["fr"] = "Bonjour", ["pt-BR"] = "Olá" };

    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("FR", "fr")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-PT", "pt-BR")]
    [InlineData("pt", "pt-BR")]
    [InlineData("fr-CA", "fr")]
    [InlineData("ja", "en")]
    [InlineData("", "en")]
    public void Picks_exact_then_same_base_language_then_default(string wanted, string picked) =>
        Assert.Equal(picked, LocalizedText.Pick(Texts, wanted.Length == 0 ? [] : [wanted], "en").Language);

    [Theory]
    [InlineData("en", true)]
    [InlineData("pt-BR", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("e n", false)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    [InlineData("en-", false)]
    public void Language_tags_are_checked(string tag, bool valid) => Assert.Equal(valid, LocalizedText.IsValidTag(tag));
}
