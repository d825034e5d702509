using System.Runtime.CompilerServices;
using Amqp;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// The delivery tag for each outgoing message: its lock token as 16 bytes, since the client reads the lock token from
/// the tag. The AMQP library picks its own tags unless a handler sets one, which <see cref="ProtocolHandler"/> does.
/// </summary>
internal sealed class DeliveryTags
{
    private readonly ConditionalWeakTable<Message, byte[]> tags = new();

    public void Assign(Message message, Guid lockToken) => tags.AddOrUpdate(message, lockToken.ToByteArray());

    public byte[]? Find(Message message) => tags.TryGetValue(message, out var tag) ? tag : null;
}
