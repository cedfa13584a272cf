using System.Reflection;
using System.Security.Cryptography;
using Balsam.Apps;
using Balsam.Errors;

namespace Balsam.Client.Apps;

/// <summary>Ships the assembly that holds an app class: content-addressed, uploaded only when the service lacks it.</summary>
internal sealed class AssemblyImages(IAppCatalogueGrain catalogue)
{
    private readonly Dictionary<Assembly, (string Hash, string Name, long Size)> _known = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _uploads;

    /// <summary>How many images this client uploaded.</summary>
    public int Uploads => Volatile.Read(ref _uploads);

    public async Task<AssemblyImageRef> EnsureUploadedAsync(Type type, CancellationToken cancellationToken)
    {
        var assembly = type.Assembly;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_known.TryGetValue(assembly, out var image))
            {
                image = await UploadAsync(type, assembly, cancellationToken);
                _known[assembly] = image;
            }

            return new AssemblyImageRef { ContentHash = image.Hash, AssemblyName = image.Name, TypeName = type.FullName!, SizeBytes = image.Size };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Refuses an image the service would refuse, with what to do about it.</summary>
    public static void CheckSize(string assemblyName, long size)
    {
        if (size > ContractLimits.MaxAssemblyBytes)
        {
            throw new BalsamValidationException($"assembly '{assemblyName}'", "image",
                $"is {size / 1024.0 / 1024.0:F1} MiB; the limit is {ContractLimits.MaxAssemblyBytes / 1024 / 1024} MiB. " +
                "Keep app classes in a small assembly of their own; their dependencies must be installed at the site");
        }
    }

    private async Task<(string Hash, string Name, long Size)> UploadAsync(Type type, Assembly assembly, CancellationToken cancellationToken)
    {
        var name = assembly.GetName().Name ?? type.Name;
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location) || !File.Exists(assembly.Location))
        {
            throw new BalsamValidationException($"app class {type.FullName}", "assembly",
                $"'{name}' has no file on disk (dynamic, or bundled into a single-file app), so it cannot be shipped to the site; " +
                "define the app in a class library");
        }

        CheckSize(name, new FileInfo(assembly.Location).Length);
        var bytes = await File.ReadAllBytesAsync(assembly.Location, cancellationToken);
        var hash = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        if (!await catalogue.HasAssemblyAsync(hash).WaitAsync(cancellationToken))
        {
            var stored = await catalogue.UploadAssemblyAsync(name, bytes).WaitAsync(cancellationToken);
            Interlocked.Increment(ref _uploads);
            if (stored != hash)
            {
                throw new InvalidOperationException($"The service stored assembly '{name}' as {stored}, but its hash here is {hash}");
            }
        }

        return (hash, name, bytes.LongLength);
    }
}
