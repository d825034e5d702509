namespace Cooc.Functions.Hosting;

/// <summary>Settings under "Cooc".</summary>
public sealed class CoocSettings
{
    /// <summary>Where standalone mode keeps its data (SQLite files, blobs, keys).</summary>
    public string DataPath { get; set; } = ".cooc";

    /// <summary>
    /// The origin clients reach the app at: signed blob URLs (standalone blob endpoint) and the playback URL use it.
    /// Empty counts as unset.
    /// </summary>
    public string? PublicBaseUrl { get; set => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>SQLite durability: Normal survives a process crash; Full survives power loss too.</summary>
    public string Synchronous { get; set; } = "Normal";

    /// <summary>
    /// How often a thread of the embedded documents store copies the WAL's pages into the database file, so the writer
    /// seldom checkpoints itself (<c>SqliteDocumentStoreOptions.CheckpointInterval</c>); zero: never, the writer does it every 1,000 pages.
    /// </summary>
    public TimeSpan DocumentCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Run the queue consumers in this process (standalone default: yes).</summary>
    public bool RunConsumers { get; set; } = true;

    /// <summary>The organization whose admins operate the platform (dead letters); unset: any admin (single-tenant installs).</summary>
    public string? OperatorOrganization { get; set; }
}
