using System.Diagnostics;
using System.Security.Cryptography;

namespace Cooc.Emulators.Node;

/// <summary>
/// Installs the npm packages of tools/emulators (Azurite, cosmosdb-server) on first use. Test assemblies run in
/// parallel, so the install holds a file lock; a marker with the hash of package.json makes later runs instant.
/// Without Node the tests fail with a message that says so: they are never skipped.
/// </summary>
public static class EmulatorPackages
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    /// <summary>The folder holding node_modules, once the packages are installed.</summary>
    public static async Task<string> EnsureInstalledAsync(CancellationToken ct = default)
    {
        var folder = RepositoryFolders.Emulators;
        var wanted = Hash(Path.Join(folder, "package.json"));
        var marker = Path.Join(folder, "node_modules", ".cooc-installed");
        if (File.Exists(marker) && await File.ReadAllTextAsync(marker, ct) == wanted)
            return folder;

        await InProcess.WaitAsync(ct);
        try
        {
            await using var crossProcess = await LockAsync(Path.Join(folder, ".install.lock"), ct);
            if (File.Exists(marker) && await File.ReadAllTextAsync(marker, ct) == wanted)
                return folder;
            NodeCommands.RequireNode();
            var took = Stopwatch.StartNew();
            var (exit, output) = await NodeCommands.RunAsync("npm", "install --no-audit --no-fund --loglevel=error", folder, TimeSpan.FromMinutes(10), ct);
            if (exit != 0)
                throw new InvalidOperationException($"npm install in {folder} failed with exit code {exit}:\n{output}");
            await File.WriteAllTextAsync(marker, wanted, ct);
            Console.Error.WriteLine($"[emulators] npm install in {folder} took {took.Elapsed.TotalSeconds:F1} s");
            return folder;
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, ct);
            }
        }
    }
}
