namespace Balsam.Ids;

/// <summary>The id sequences of the service; each maps to one PostgreSQL sequence.</summary>
public enum IdKind
{
    Site,
    App,
    Job,
    BatchJob,
    Session,
}
