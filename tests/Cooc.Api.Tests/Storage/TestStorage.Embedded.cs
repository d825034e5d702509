namespace Cooc.Api.Tests.Storage;

/// <summary>Embedded adapters: SQLite documents and queue, local-file blobs, all in the app's temp data folder.</summary>
public static class TestStorage
{
    public static string Name => "embedded";

    public static Task<ITestStorage> StartAsync() => Task.FromResult<ITestStorage>(new EmbeddedStorage());

    private sealed class EmbeddedStorage : ITestStorage
    {
        public string[] Settings => [];
        public Task PrepareAsync(IServiceProvider services) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
