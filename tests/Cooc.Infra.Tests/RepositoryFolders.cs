using System.Runtime.CompilerServices;

namespace Cooc.Infra.Tests;

/// <summary>
/// Folders of this repository, found by walking up to Cooc.sln: from the test binaries, or, when they are built
/// outside the repository (dotnet test --artifacts-path /tmp/...), from the path this file was compiled from.
/// </summary>
public static class RepositoryFolders
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Join(Root, "infra");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Join(dir.FullName, "Cooc.sln")))
                    return dir.FullName;
        }
        throw new InvalidOperationException($"Cooc.sln not found above {AppContext.BaseDirectory} nor above {sourceFile}.");
    }
}
