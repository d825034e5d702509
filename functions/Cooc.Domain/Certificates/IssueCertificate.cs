namespace Cooc.Certificates;

/// <summary>
/// The `certificates` queue's message, sent when a learner's course progress first becomes Passed. MessageId is
/// <see cref="MessageIdFor"/> (the enrollment and the completion rules' version), so a repeated pass is one message;
/// the handler must still issue at most one certificate per learner and course however often a message arrives.
/// The handler reads the enrollment (enrollments container, partition courseId, id learnerId) for the facts to issue:
/// Progress.State must be Passed; the grade is Progress.Percent, the date Progress.PassedAt, the name LearnerName.
/// </summary>
public sealed record IssueCertificate(string CourseId, string LearnerId, int RulesVersion)
{
    public string MessageId => MessageIdFor(CourseId, LearnerId, RulesVersion);

    public static string MessageIdFor(string courseId, string learnerId, int rulesVersion) => $"certificate:{courseId}:{learnerId}:{rulesVersion}";
}
