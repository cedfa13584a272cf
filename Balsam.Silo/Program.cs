using Balsam.Silo.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Balsam.Silo.Hosting.SiloCommandLine.Usage);
    return 0;
}

try
{
    await SiloHost.RunAsync(SiloCommandLine.Parse(args));
    return 0;
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or Npgsql.NpgsqlException
    or Microsoft.Extensions.Options.OptionsValidationException)
{
    Console.Error.WriteLine($"balsam-silo: {e.Message}");
    return 1;
}
