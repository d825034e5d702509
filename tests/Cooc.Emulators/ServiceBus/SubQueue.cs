namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// The messages of a queue, or of its dead-letter queue, in sequence-number order, and the receivers attached to it.
/// Not thread-safe: the owning queue's lock guards it.
/// </summary>
internal sealed class SubQueue
{
    private readonly SortedDictionary<long, StoredMessage> messages = [];
    private readonly List<DeliveryEndpoint> receivers = [];
    private int nextReceiver;

    public IEnumerable<StoredMessage> Messages => messages.Values;

    public void Add(StoredMessage message) => messages.Add(message.SequenceNumber, message);

    public bool Remove(StoredMessage message) => messages.Remove(message.SequenceNumber);

    public StoredMessage? Find(long sequenceNumber) => messages.GetValueOrDefault(sequenceNumber);

    public StoredMessage? FirstReceivable(DateTimeOffset now) => messages.Values.FirstOrDefault(m => m.IsReceivable(now));

    public IReadOnlyList<DeliveryEndpoint> Receivers => receivers;

    public void Attach(DeliveryEndpoint receiver) => receivers.Add(receiver);

    public void Detach(DeliveryEndpoint receiver) => receivers.Remove(receiver);

    /// <summary>The next receiver, in turn, that has credit left; null when none has.</summary>
    public DeliveryEndpoint? NextReceiverWithCredit()
    {
        for (var tried = 0; tried < receivers.Count; tried++)
        {
            nextReceiver = (nextReceiver + 1) % receivers.Count;
            var receiver = receivers[nextReceiver];
            if (receiver.Credit.Available > 0) return receiver;
        }
        return null;
    }
}
