namespace Cooc.Video;

/// <summary>
/// Where a lecture's files live in the "video" blob container. Packaged output goes under a prefix per version, so
/// a new version is written beside the one being played and the lecture switches only once all of it is written.
/// </summary>
public static class VideoBlobNames
{
    public static string LecturePrefix(string courseId, string lectureId) => $"{courseId}/{lectureId}/";

    /// <summary>The uploaded source (its file name is the client's business, so it is not part of the blob name).</summary>
    public static string Source(string courseId, string lectureId, string uploadId) => $"{LecturePrefix(courseId, lectureId)}sources/{uploadId}";

    /// <summary>The prefix of one packaged version: its master-less media playlists, segments and poster.</summary>
    public static string VersionPrefix(string courseId, string lectureId, string version) => $"{LecturePrefix(courseId, lectureId)}versions/{version}/";

    /// <summary>One rendition's media playlist inside a version, e.g. ".../versions/v1/720p/index.m3u8".</summary>
    public static string MediaPlaylist(string courseId, string lectureId, string version, string renditionName) =>
        $"{VersionPrefix(courseId, lectureId, version)}{renditionName}/index.m3u8";

    public static string Poster(string courseId, string lectureId, string version) => $"{VersionPrefix(courseId, lectureId, version)}poster.jpg";

    /// <summary>A caption file; each upload gets a new revision so a cached old file never hides a corrected one.</summary>
    public static string Caption(string courseId, string lectureId, string language, string revision) =>
        $"{LecturePrefix(courseId, lectureId)}captions/{revision}/{language}.vtt";

    /// <summary>
    /// A caption file with an X-TIMESTAMP-MAP for segments starting at mpegTsStart, beside the file it derives from:
    /// ".../captions/{revision}/en.vtt" -> ".../captions/{revision}/mpegts-126000/en.vtt".
    /// </summary>
    public static string MappedCaption(string captionBlob, long mpegTsStart)
    {
        var slash = captionBlob.LastIndexOf('/');
        return $"{captionBlob[..(slash + 1)]}mpegts-{mpegTsStart}/{captionBlob[(slash + 1)..]}";
    }
}
