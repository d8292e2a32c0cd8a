using System.Text;
using PluginRuntime.Core.Exec;
using PluginRuntime.Host.Specs;
using YamlDotNet.Core;

// In the REST namespace so RestFace maps it with one line and no extra using.
namespace PluginRuntime.Host.Rest;

/// <summary>
/// <c>GET specs</c> and <c>GET specs/{name}</c>: the AsyncAPI documents of the protocols the runtime speaks, so
/// clients can fetch the contract they talk to. Mapped in the REST group, so the same credentials apply; any
/// authenticated caller may read them (they describe protocols, not a site).
/// </summary>
internal static class SpecEndpoints
{
    public const string YamlMediaType = "application/yaml";

    public static RouteGroupBuilder MapSpecEndpoints(this RouteGroupBuilder api)
    {
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        var catalog = new SpecCatalog(SpecOptions.From(services), services.GetRequiredService<ILogger<SpecCatalog>>());

        api.MapGet("/specs", () => Results.Json(catalog.List()
                .Select(file =>
                {
                    var (title, version) = catalog.ReadInfo(file);
                    return new SpecSummary(file.Name, title, version, $"{RestFace.Prefix}/specs/{Uri.EscapeDataString(file.Name)}");
                })
                .ToArray()))
            .WithName("ListSpecs")
            .WithSummary("The protocol specs (AsyncAPI YAML) the runtime serves: name, info.title, info.version and the URL to fetch each.")
            .Produces<SpecSummary[]>();

        api.MapGet("/specs/{name}", (string name, string? format) =>
            {
                if (catalog.Find(name) is not { } file)
                {
                    var known = catalog.List().Select(f => f.Name).ToArray();
                    return NotFound($"No spec named '{name}'. Specs: {(known.Length == 0 ? "none" : string.Join(", ", known))}.");
                }
                switch (format)
                {
                    case null or "" or "yaml":
                        return Results.Text(File.ReadAllText(file.Path), YamlMediaType, Encoding.UTF8);
                    case "json":
                        try
                        {
                            using var reader = new StreamReader(file.Path);
                            return Results.Bytes(YamlJson.Convert(reader), "application/json");
                        }
                        catch (YamlException ex)
                        {
                            return RestProblems.For(ExecStatus.UnexpectedFailure,
                                $"Spec '{name}' is not valid YAML ({Path.GetFileName(file.Path)}:{ex.Start.Line}:{ex.Start.Column}: {ex.Message}); fix the file in {catalog.Folder}.");
                        }
                    default:
                        return RestProblems.For(ExecStatus.BadRequest, $"format must be yaml (the default) or json, not '{format}'.");
                }
            })
            .WithName("GetSpec")
            .WithSummary("One spec as YAML (application/yaml), or as JSON with ?format=json.")
            .Produces<string>(StatusCodes.Status200OK, YamlMediaType, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>404 with code 1 (bad request): the websocket protocol has no code for "no such document".</summary>
    private static IResult NotFound(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound,
        title: "spec not found", extensions: new Dictionary<string, object?> { ["code"] = (int)ExecStatus.BadRequest });
}
