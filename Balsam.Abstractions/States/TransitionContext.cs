using Balsam.Apps;

namespace Balsam.States;

/// <summary>What the state machine needs to know about a job besides its state.</summary>
/// <param name="PendingStageIn">Stage-in transfer items not yet done.</param>
/// <param name="PendingStageOut">Stage-out transfer items not yet done.</param>
/// <param name="Hooks">The hooks the job's app overrides; default hooks are skipped server-side.</param>
public readonly record struct TransitionContext(int PendingStageIn, int PendingStageOut, AppHooks Hooks);
