namespace Cooc.Adapters.Tests.Documents;

/// <summary>A fresh temporary folder for embedded document databases, deleted (if anything made it) on Dispose.</summary>
internal sealed class DocumentFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "cooc-documents-" + Guid.NewGuid().ToString("N"));

    /// <summary>A database file path in a subfolder of its own (the store creates it), or in the root.</summary>
    public string Database(string name = "") => Path.Combine(Root, name, "documents.db");

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
