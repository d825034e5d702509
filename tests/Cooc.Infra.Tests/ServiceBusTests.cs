using System.Xml;
using Cooc.Infra.Tests.Bicep;
using Cooc.Ports;

namespace Cooc.Infra.Tests;

/// <summary>The Service Bus queues match Queues.All and the QueueOptions defaults the embedded queue uses.</summary>
public sealed class ServiceBusTests
{
    private const string QueueType = "Microsoft.ServiceBus/namespaces/queues";

    [Fact]
    public async Task Deploys_exactly_the_codes_queues()
    {
        var deployment = await Deployment.ExampleParametersAsync();

        Assert.Equal(Queues.All.Order(), deployment.OfType(QueueType).Select(Deployment.ShortName).Order());
    }

    [Fact]
    public async Task Every_queue_behaves_like_the_default_queue_options()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var defaults = new QueueOptions();

        foreach (var queue in Queues.All)
        {
            var properties = Assert.Single(deployment.OfType(QueueType), q => Deployment.ShortName(q) == queue)["properties"]!;

            Assert.Equal(defaults.LockDuration, XmlConvert.ToTimeSpan((string)properties["lockDuration"]!));
            Assert.Equal(defaults.MaxDeliveryCount, (int)properties["maxDeliveryCount"]!);
            Assert.True((bool)properties["requiresDuplicateDetection"]!, $"{queue}: duplicate detection on MessageId");
            Assert.Equal(defaults.DuplicateDetectionWindow, XmlConvert.ToTimeSpan((string)properties["duplicateDetectionHistoryTimeWindow"]!));
            Assert.True((bool)properties["deadLetteringOnMessageExpiration"]!, $"{queue}: expired messages are dead-lettered");
            Assert.False((bool?)properties["requiresSession"] ?? false, $"{queue}: the app receives without sessions");
        }
    }

    [Fact]
    public async Task The_namespace_allows_only_entra_id()
    {
        var deployment = await Deployment.ExampleParametersAsync();
        var ns = deployment.Single("Microsoft.ServiceBus/namespaces");

        Assert.True((bool)ns["properties"]!["disableLocalAuth"]!);
        Assert.Equal("1.2", (string)ns["properties"]!["minimumTlsVersion"]!);
        // Duplicate detection and scheduled messages need Standard or Premium.
        Assert.Contains((string)ns["sku"]!["name"]!, new[] { "Standard", "Premium" });
    }
}
