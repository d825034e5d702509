using Cooc.Common;
using Cooc.Identity;
using Cooc.Operations;

namespace Cooc.Domain.Tests;

public sealed class OperationsRulesTests
{
    private static Caller Someone(string org, params Role[] roles) => new("u1", org, roles.ToHashSet());

    [Fact]
    public void Only_admins_of_the_operating_organization_manage_dead_letters()
    {
        Assert.Null(OperationsRules.RefuseDeadLetterAccess(Someone("ops", Role.Admin), "ops"));
        Assert.Equal(RefusalKind.Forbidden, OperationsRules.RefuseDeadLetterAccess(Someone("acme", Role.Admin), "ops")?.Kind);
        Assert.Equal(RefusalKind.Forbidden, OperationsRules.RefuseDeadLetterAccess(Someone("ops", Role.Manager, Role.Instructor), "ops")?.Kind);
    }

    [Fact]
    public void Without_an_operating_organization_any_admin_manages_dead_letters_and_nobody_else()
    {
        Assert.Null(OperationsRules.RefuseDeadLetterAccess(Someone("acme", Role.Admin), null));
        Assert.Equal(RefusalKind.Forbidden, OperationsRules.RefuseDeadLetterAccess(Someone("acme", Role.Learner), null)?.Kind);
    }

    [Theory]
    [InlineData("grading", true)]
    [InlineData("video-ingest", true)]
    [InlineData("Grading", false)]
    [InlineData("grading/$DeadLetterQueue", false)]
    public void Only_the_apps_queues_are_known(string queue, bool known) =>
        Assert.Equal(known, OperationsRules.IsKnownQueue(queue));

    [Fact]
    public void A_replay_names_one_to_a_hundred_non_negative_sequence_numbers()
    {
        Assert.Null(OperationsRules.ValidateReplay([0, 7]));
        Assert.NotNull(OperationsRules.ValidateReplay(null));
        Assert.NotNull(OperationsRules.ValidateReplay([]));
        Assert.NotNull(OperationsRules.ValidateReplay([-1]));
        Assert.NotNull(OperationsRules.ValidateReplay(Enumerable.Range(0, 101).Select(n => (long)n).ToList()));
        Assert.Equal(RefusalKind.Invalid, OperationsRules.ValidateReplay([])?.Kind);
    }
}
