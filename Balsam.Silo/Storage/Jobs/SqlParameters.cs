using Npgsql;
using NpgsqlTypes;

namespace Balsam.Silo.Storage.Jobs;

/// <summary>Collects positional parameters for one command and hands out their <c>$n</c> placeholders.</summary>
internal sealed class SqlParameters
{
    private readonly List<NpgsqlParameter> _parameters = [];

    public string Add(object? value, NpgsqlDbType? type = null)
    {
        var parameter = type is { } t ? new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = t } : new NpgsqlParameter { Value = value ?? DBNull.Value };
        _parameters.Add(parameter);
        return $"${_parameters.Count}";
    }

    public string Jsonb(string json) => Add(json, NpgsqlDbType.Jsonb);

    public void CopyTo(NpgsqlCommand command)
    {
        foreach (var parameter in _parameters)
        {
            command.Parameters.Add(parameter);
        }
    }
}
