namespace Balsam.Ids;

/// <summary>Hands out cluster-wide unique ids (a PostgreSQL sequence per <see cref="IdKind"/>).</summary>
public interface IIdGenerator
{
    Task<long> NextAsync(IdKind kind, CancellationToken cancellationToken = default);
}
