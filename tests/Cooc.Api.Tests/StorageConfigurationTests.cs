using Cooc.Api.Tests.Storage;
using Cooc.Azure.Blobs;
using Cooc.Azure.Documents;
using Cooc.Azure.Queues;
using Cooc.Embedded.Blobs;
using Cooc.Embedded.Documents;
using Cooc.Embedded.Queues;
using Cooc.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Cooc.Api.Tests;

/// <summary>Proves which adapters this compilation of the suite runs the app on.</summary>
public sealed class StorageConfigurationTests(CoocApp app) : IClassFixture<CoocApp>
{
    [Fact]
    public void The_app_runs_on_the_adapters_this_suite_is_for()
    {
        Type[] expected = TestStorage.Name == "azure"
            ? [typeof(CosmosDocumentStore), typeof(AzureBlobStore), typeof(ServiceBusMessageQueue)]
            : [typeof(SqliteDocumentStore), typeof(LocalFileBlobStore), typeof(SqliteMessageQueue)];
        Type[] actual =
        [
            app.Services.GetRequiredService<IDocumentStore>().GetType(),
            app.Services.GetRequiredService<IBlobStore>().GetType(),
            app.Services.GetRequiredService<IMessageQueue>().GetType(),
        ];
        Assert.Equal(expected, actual);
    }
}
