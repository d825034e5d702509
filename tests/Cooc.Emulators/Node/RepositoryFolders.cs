namespace Cooc.Emulators.Node;

/// <summary>Folders of this repository, found from the test binaries by walking up to Cooc.sln.</summary>
public static class RepositoryFolders
{
    public static string Root { get; } = FindRoot();

    /// <summary>tools/emulators: package.json of the Node protocol servers; node_modules there is git-ignored.</summary>
    public static string Emulators => Path.Join(Root, "tools", "emulators");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Join(dir.FullName, "Cooc.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Cooc.sln not found above {AppContext.BaseDirectory}.");
    }
}
