using System.Text.RegularExpressions;
using Cooc.Common;

namespace Cooc.Video;

/// <summary>One WebVTT caption file of a lecture: Blob is its name in the "video" container, Name what players show.</summary>
public sealed record CaptionTrack(string Language, string Blob, string Name, DateTimeOffset UpdatedAt);

/// <summary>Pure decisions about caption tracks: their language tag, name and file.</summary>
public static partial class CaptionRules
{
    public const int DefaultMaxBytes = 1024 * 1024;
    public const int MaxNameLength = 100;
    public const int MaxTracks = 50;
    public const int MaxLanguageLength = 35;

    /// <summary>A BCP 47-like tag: a 2-3 letter language, then subtags of 2-8 letters or digits ("en", "pt-BR", "zh-Hant-TW").</summary>
    public static bool IsValidLanguage(string? tag) => tag is { Length: <= MaxLanguageLength } && LanguageTag().IsMatch(tag);

    public static bool SameLanguage(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static string BaseLanguage(string tag) => tag.Split('-', 2)[0];

    /// <summary>
    /// Field errors of a caption upload ("language", "name", "file", with the file's line numbers), or null when it can
    /// be stored. Adding a language beyond <see cref="MaxTracks"/> is refused; replacing one is always allowed.
    /// </summary>
    public static Refusal? RefuseCaption(LectureVideo video, string? language, string? name, string? vtt, int maxBytes = DefaultMaxBytes)
    {
        var errors = new FieldErrors();
        if (!IsValidLanguage(language)) errors.Add("language", "Not a language tag such as 'en', 'fr' or 'pt-BR'.");
        else if (video.Captions.Count >= MaxTracks && !video.Captions.Any(c => SameLanguage(c.Language, language!)))
            errors.Add("language", $"A lecture has at most {MaxTracks} caption languages.");
        if (string.IsNullOrWhiteSpace(name)) errors.Add("name", "Give the track a name, such as 'English'.");
        else if (name.Length > MaxNameLength) errors.Add("name", $"At most {MaxNameLength} characters.");
        else if (name.Any(char.IsControl) || name.Contains('"')) errors.Add("name", "Must not contain quotes or control characters.");
        foreach (var error in WebVttRules.Validate(vtt ?? "", maxBytes)) errors.Add("file", error);
        return errors.Any ? errors.ToRefusal() : null;
    }

    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}

/// <summary>Which caption track a player turns on first.</summary>
public static class CaptionChoice
{
    /// <summary>
    /// For each preferred language in order (from Accept-Language): the exact tag, then the same base language
    /// ("pt" for "pt-BR" and the other way round); then the course's default language the same way; otherwise none.
    /// </summary>
    public static CaptionTrack? Default(IReadOnlyList<CaptionTrack> tracks, IReadOnlyList<string> preferredLanguages, string courseDefaultLanguage)
    {
        foreach (var wanted in preferredLanguages.Append(courseDefaultLanguage))
        {
            if (string.IsNullOrWhiteSpace(wanted) || wanted == "*") continue;
            var exact = tracks.FirstOrDefault(t => CaptionRules.SameLanguage(t.Language, wanted));
            if (exact is not null) return exact;
            var sameBase = tracks.FirstOrDefault(t => CaptionRules.SameLanguage(CaptionRules.BaseLanguage(t.Language), CaptionRules.BaseLanguage(wanted)));
            if (sameBase is not null) return sameBase;
        }
        return null;
    }
}
