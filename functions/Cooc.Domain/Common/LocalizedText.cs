namespace Cooc.Common;

/// <summary>Text in several languages, keyed by BCP 47 language tag ("en", "fr", "pt-BR").</summary>
public static class LocalizedText
{
    public const int MaxLanguageTagLength = 35;

    /// <summary>
    /// The best text for the caller's preferred languages (most preferred first): an exact tag, then the same base
    /// language ("pt" for "pt-BR" and the other way round), then the default language, then any.
    /// </summary>
    public static (string Language, string Text) Pick(IReadOnlyDictionary<string, string> texts, IEnumerable<string> preferred, string defaultLanguage)
    {
        foreach (var wanted in preferred)
        {
            foreach (var (tag, text) in texts)
                if (string.Equals(tag, wanted, StringComparison.OrdinalIgnoreCase)) return (tag, text);
            var wantedBase = BaseOf(wanted);
            foreach (var (tag, text) in texts)
                if (string.Equals(BaseOf(tag), wantedBase, StringComparison.OrdinalIgnoreCase)) return (tag, text);
        }
        if (texts.TryGetValue(defaultLanguage, out var fallback)) return (defaultLanguage, fallback);
        foreach (var (tag, text) in texts) return (tag, text);
        return (defaultLanguage, "");
    }

    public static bool IsValidTag(string? tag) =>
        !string.IsNullOrEmpty(tag) && tag.Length <= MaxLanguageTagLength
        && tag.Split('-').All(part => part.Length is >= 1 and <= 8 && part.All(char.IsAsciiLetterOrDigit))
        && tag.Split('-')[0].All(char.IsAsciiLetter);

    /// <summary>Adds field errors for a localized text: at least one language, valid tags, each text within maxLength.</summary>
    public static void Validate(IReadOnlyDictionary<string, string>? texts, string field, int maxLength, FieldErrors errors, bool required = true)
    {
        if (texts is null || texts.Count == 0)
        {
            if (required) errors.Add(field, "Give the text in at least one language.");
            return;
        }
        foreach (var (tag, text) in texts)
        {
            if (!IsValidTag(tag)) errors.Add($"{field}.{tag}", "Not a language tag such as 'en', 'fr' or 'pt-BR'.");
            else if (string.IsNullOrWhiteSpace(text)) errors.Add($"{field}.{tag}", "Must not be empty.");
            else if (text.Length > maxLength) errors.Add($"{field}.{tag}", $"At most {maxLength} characters.");
        }
    }

    private static string BaseOf(string tag) => tag.Split('-', 2)[0];
}
