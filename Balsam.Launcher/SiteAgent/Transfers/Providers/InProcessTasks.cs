using System.Collections.Concurrent;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers;

/// <summary>
/// Tasks that run inside the agent (local copies, rsync processes): a submit starts the work and returns an id; a poll
/// reads how it ended. A settled task is forgotten once it has been reported, and an id this agent never started
/// (one from before a restart) is <see cref="TransferTaskState.Lost"/>.
/// </summary>
public sealed class InProcessTasks
{
    private readonly ConcurrentDictionary<string, Task<TransferTaskStatus>> _tasks = new();

    public string Start(Func<Task<TransferTaskStatus>> work)
    {
        var id = Guid.NewGuid().ToString("N");
        _tasks[id] = Task.Run(async () =>
        {
            try
            {
                return await work();
            }
            catch (Exception e)
            {
                return new TransferTaskStatus(TransferTaskState.Error, e.Message);
            }
        });
        return id;
    }

    public TransferTaskStatus Poll(string id)
    {
        if (!_tasks.TryGetValue(id, out var task))
        {
            return new TransferTaskStatus(TransferTaskState.Lost, "the task ran in an agent that has stopped; submitting it again");
        }

        if (!task.IsCompleted)
        {
            return TransferTaskStatus.Active;
        }

        _tasks.TryRemove(id, out _);
        return task.Result;
    }
}
