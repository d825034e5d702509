using System.Runtime.InteropServices;

namespace Cooc.Embedded;

/// <summary>
/// A secret created once in the data folder (signing keys): owner-only, never half-written, and the same for every
/// process that starts at the same time. The new secret is written to a temp file and published with link(2), which
/// fails when the target exists, so exactly one process wins and the others read the winner's file. (File.Move
/// without overwrite checks for the target and then renames, so two processes could both "win", each keeping its own
/// key in memory while only the last rename stays on disk.)
/// </summary>
public static class SecretFile
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS

    public static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath)) return File.ReadAllBytes(fullPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temp = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temp, options))
            {
                file.Write(create());
                file.Flush(flushToDisk: true);
            }
            Publish(temp, fullPath);
        }
        finally
        {
            File.Delete(temp);
        }
        return File.ReadAllBytes(fullPath);
    }

    /// <summary>Puts temp at target unless target exists (then the existing file wins, and temp is left to be deleted).</summary>
    private static void Publish(string temp, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            try { File.Move(temp, target, overwrite: false); } // MoveFileEx without replace: atomic on Windows
            catch (IOException) when (File.Exists(target)) { }
            return;
        }
        if (Link(temp, target) == 0) return;
        var error = Marshal.GetLastPInvokeError();
        if (error != AlreadyExists) throw new IOException($"Could not create '{target}' (errno {error}).");
    }

    // Strings marshal as UTF-8 on Unix. (LibraryImport would need unsafe code in this project.)
    [DllImport("libc", EntryPoint = "link", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Link(string existingPath, string newPath);
}
