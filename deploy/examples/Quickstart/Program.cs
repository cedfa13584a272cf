using Quickstart;

// Sync the two apps, submit one job each, and await their results (pushed by the service when the jobs finish).
await using var balsam = await BalsamClient.ConnectAsync();
await balsam.Apps.SyncAsync<Hello>();
await balsam.Apps.SyncAsync<VecNorm>();
var run = Environment.GetEnvironmentVariable("QUICKSTART_RUN") ?? DateTime.Now.ToString("HHmmss");
var tags = new JobOptions { Tags = new() { ["run"] = run } };
var hello = await balsam.Jobs.SubmitAsync<Hello>($"quickstart-{run}/hello-csharp", new { say_hello_to = "world" }, tags);
var norm = await balsam.Jobs.SubmitAsync<VecNorm>($"quickstart-{run}/vecnorm", new { vec = new[] { 3.0, 4.0 } }, tags);
Console.WriteLine($"Submitted job {hello.Id} (Hello) and job {norm.Id} (VecNorm); waiting for them to finish...");

var result = await norm.ResultAsync<double>(TimeSpan.FromMinutes(5));
await hello.WaitAsync(TimeSpan.FromMinutes(5));
Console.WriteLine($"VecNorm([3, 4]) = {result}");
Console.WriteLine($"Hello finished: {hello.State}");
