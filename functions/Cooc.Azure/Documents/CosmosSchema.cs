using System.Net;
using Microsoft.Azure.Cosmos;

namespace Cooc.Azure.Documents;

/// <summary>Creates the database and containers, and keeps the composite indexes of existing containers up to date.</summary>
internal static class CosmosSchema
{
    public static async Task EnsureCreatedAsync(CosmosClient client, string databaseName,
        IReadOnlyList<CosmosContainerDefinition> containers, CancellationToken ct)
    {
        // No throughput is set: serverless accounts refuse it, provisioned ones get the account's default.
        Database database = await client.CreateDatabaseIfNotExistsAsync(databaseName, cancellationToken: ct).ConfigureAwait(false);
        foreach (var definition in containers)
        {
            var wanted = definition.ToContainerProperties();
            var response = await database.CreateContainerIfNotExistsAsync(wanted, cancellationToken: ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK && !SameCompositeIndexes(response.Resource.IndexingPolicy, wanted.IndexingPolicy))
            {
                // A new ORDER BY since the container was created: Cosmos builds the new index online.
                response.Resource.IndexingPolicy = wanted.IndexingPolicy;
                await response.Container.ReplaceContainerAsync(response.Resource, cancellationToken: ct).ConfigureAwait(false);
            }
        }
    }

    private static bool SameCompositeIndexes(IndexingPolicy current, IndexingPolicy wanted)
    {
        static IEnumerable<string> Describe(IndexingPolicy policy) =>
            policy.CompositeIndexes.Select(index => string.Join(",", index.Select(p => $"{p.Path} {p.Order}")));
        return Describe(current).Order().SequenceEqual(Describe(wanted).Order());
    }
}
