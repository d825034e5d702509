using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cooc.Video;

/// <summary>The master playlist a player opens: one variant per rendition, and the caption tracks as a SUBTITLES group.</summary>
public static class HlsMasterPlaylist
{
    public const string SubtitlesGroup = "subs";

    /// <summary>
    /// Variants in order of bandwidth; mediaPlaylistUrl gets a rendition's Name, captionUrl a track's Language (each
    /// returns the absolute URL, playback token included). The track of defaultLanguage, if any, is DEFAULT=YES.
    /// </summary>
    public static string Build(IReadOnlyList<Rendition> renditions, IReadOnlyList<CaptionTrack> captions, string? defaultLanguage,
        Func<string, string> mediaPlaylistUrl, Func<string, string> captionUrl)
    {
        if (renditions.Count == 0) throw new ArgumentException("A master playlist needs at least one rendition.", nameof(renditions));
        var text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var track in captions)
        {
            var name = Quotable(track.Name);
            if (!names.Add(name)) names.Add(name = $"{name} ({track.Language})");
            var isDefault = defaultLanguage is not null && CaptionRules.SameLanguage(track.Language, defaultLanguage);
            text.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"{SubtitlesGroup}\",NAME=\"{name}\",LANGUAGE=\"{Quotable(track.Language)}\",")
                .Append(isDefault ? "DEFAULT=YES" : "DEFAULT=NO")
                .Append(CultureInfo.InvariantCulture, $",AUTOSELECT=YES,URI=\"{Url(captionUrl(track.Language))}\"\n");
        }
        foreach (var rendition in renditions.OrderBy(r => r.Bandwidth))
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={rendition.Bandwidth}");
            if (rendition.AverageBandwidth is { } average) text.Append(CultureInfo.InvariantCulture, $",AVERAGE-BANDWIDTH={average}");
            text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={rendition.Width}x{rendition.Height},CODECS=\"{Quotable(rendition.Codecs)}\"");
            if (captions.Count > 0) text.Append(CultureInfo.InvariantCulture, $",SUBTITLES=\"{SubtitlesGroup}\"");
            text.Append('\n').Append(Url(mediaPlaylistUrl(rendition.Name))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A quoted-string in a playlist may not hold a double quote or a line break.</summary>
    private static string Quotable(string value) => value.Replace('"', '\'').Replace('\r', ' ').Replace('\n', ' ');

    private static string Url(string url) =>
        url.IndexOfAny(['"', '\r', '\n']) < 0 ? url : throw new ArgumentException($"Not a URL to put in a playlist: '{url}'.", nameof(url));
}

/// <summary>Turns a stored media playlist into one a player can use without custom headers: each URI a signed URL.</summary>
public static partial class HlsMediaPlaylist
{
    /// <summary>
    /// Rewrites every URI line (segments) and every URI="..." attribute (EXT-X-MAP, EXT-X-KEY, ...) through sign, which
    /// turns the relative URI into an absolute signed URL; tags, comments and blank lines stay as they are.
    /// </summary>
    /// <exception cref="ArgumentException">a URI is absolute, rooted, has "..", a backslash, a query or a fragment.</exception>
    public static string Sign(string playlistText, Func<string, string> sign)
    {
        var lines = playlistText.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            lines[i] = line.StartsWith('#')
                ? UriAttribute().Replace(line, m => $"{m.Groups["lead"].Value}URI=\"{Signed(m.Groups["uri"].Value, sign)}\"")
                : Signed(line, sign);
        }
        return string.Join('\n', lines);
    }

    /// <summary>The blob a URI in a playlist names: resolved against the playlist blob's folder.</summary>
    public static string ResolveBlob(string playlistBlob, string relativeUri)
    {
        RequireRelative(relativeUri);
        var slash = playlistBlob.LastIndexOf('/');
        return slash < 0 ? relativeUri : playlistBlob[..(slash + 1)] + relativeUri;
    }

    private static string Signed(string uri, Func<string, string> sign)
    {
        RequireRelative(uri);
        var url = sign(uri);
        return url.IndexOfAny(['"', '\r', '\n']) < 0 ? url : throw new ArgumentException($"The signed URL of '{uri}' cannot go in a playlist.", nameof(sign));
    }

    private static void RequireRelative(string uri)
    {
        var bad = uri.Length == 0 || uri.StartsWith('/') || uri.Contains(':') || uri.IndexOfAny(['\\', '?', '#']) >= 0
            || uri.Split('/').Any(part => part is ".." or "." or "");
        if (bad) throw new ArgumentException($"A playlist may only name files beside or below it, not '{uri}'.", nameof(uri));
    }

    [GeneratedRegex("(?<lead>[:,])URI=\"(?<uri>[^\"]*)\"")]
    private static partial Regex UriAttribute();
}

/// <summary>HLS carries a WebVTT file in a subtitle media playlist: here one segment, the whole file.</summary>
public static class HlsSubtitlePlaylist
{
    public static string Build(double durationSeconds, string vttUrl)
    {
        if (!double.IsFinite(durationSeconds) || durationSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "Must be positive.");
        if (vttUrl.IndexOfAny(['\r', '\n']) >= 0 || vttUrl.Length == 0) throw new ArgumentException("Not a URL to put in a playlist.", nameof(vttUrl));
        var target = (long)Math.Ceiling(durationSeconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{target}\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:{durationSeconds:0.###},\n{vttUrl}\n#EXT-X-ENDLIST\n");
    }
}
