using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cooc.Functions.Video.Upload;

/// <summary>
/// What the command remembers about an unfinished upload: which session holds the blocks of this file for this lecture
/// on this server, and the file's size and last write time then (a changed file starts a new session). No token.
/// </summary>
public sealed record ResumeState(string Server, string CourseId, string LectureId, string FilePath, long Size, DateTime LastWriteUtc,
    string UploadId, DateTimeOffset StartedAt)
{
    public bool DescribesSameFile(FileInfo file) => file.Length == Size && file.LastWriteTimeUtc == LastWriteUtc;
}

/// <summary>The place an upload is known by: server, course, lecture and the file's full path.</summary>
public sealed record UploadTarget(Uri Server, string CourseId, string LectureId, string FilePath)
{
    /// <summary>A file name made of this target's SHA-256, so paths with any characters map to a short safe name.</summary>
    public string StateFileName()
    {
        var key = string.Join('\n', Server.AbsoluteUri, CourseId, LectureId, FilePath);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ".json";
    }
}

/// <summary>
/// One small JSON file per unfinished upload in a folder (by default ~/.config/cooc/uploads), written when a session
/// opens and deleted once the upload is complete. A damaged file is treated as absent.
/// </summary>
public sealed class ResumeStateStore(string folder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder => folder;

    public ResumeState? Find(UploadTarget target)
    {
        var path = PathOf(target);
        try
        {
            var state = JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(path), Json);
            return state is not null && state.Server == target.Server.AbsoluteUri && state.CourseId == target.CourseId
                && state.LectureId == target.LectureId && state.FilePath == target.FilePath ? state : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary file and moved into place, so an interruption never leaves half a file.</summary>
    public void Save(ResumeState state)
    {
        var target = new UploadTarget(new Uri(state.Server), state.CourseId, state.LectureId, state.FilePath);
        Directory.CreateDirectory(folder);
        var path = PathOf(target);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json));
        File.Move(temporary, path, overwrite: true);
    }

    public void Forget(UploadTarget target) => File.Delete(PathOf(target));

    private string PathOf(UploadTarget target) => Path.Combine(folder, target.StateFileName());
}
