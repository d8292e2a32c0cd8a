using System.Text.Json.Nodes;
using PluginRuntime.Sdk.Metadata;
using PluginRuntime.Sdk.Testing;

namespace PluginRuntime.Sdk.Tests.Metadata;

public sealed class DeclaredMethodTests : IAsyncLifetime
{
    private DriverHarness<DeclaringDriver> _harness = null!;

    public async Task InitializeAsync() => _harness = await DriverHarness<DeclaringDriver>.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_declared_method_binds_positional_and_named_arguments()
    {
        Assert.Equal("""{"door":7,"seconds":3}""", (await _harness.ExecJson("open", "[7, 3]")).GetRawText());
        Assert.Equal("""{"door":7,"seconds":3}""", (await _harness.ExecJson("open", """{"seconds": 3, "door": 7}""")).GetRawText());
    }

    [Fact]
    public async Task A_left_out_optional_argument_is_absent_and_a_required_one_is_demanded()
    {
        Assert.Equal("""{"door":7}""", (await _harness.ExecJson("open", "[7]")).GetRawText());
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("open", "[]"));
        Assert.Contains("missing required argument 'door' (an integer)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_json_types_and_unknown_names_are_refused_naming_the_parameter()
    {
        var wrongType = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("open", """["front"]"""));
        Assert.Equal("""Argument 'door' of 'open' should be an integer, but got string "front".""", wrongType.Message);
        var fraction = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("open", "[1.5]"));
        Assert.Contains("should be an integer", fraction.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("open", """{"door": 1, "speed": 2}"""));
        Assert.Contains("has no parameter named 'speed'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declaring_again_replaces_the_set_and_the_interface_shows_declared_methods()
    {
        var driver = _harness.Driver;
        Assert.Contains("open", _harness.Descriptor.DescribeInterface(driver).Select(p => p.Key));
        driver.Redeclare(["close"]);
        Assert.Equal(["ping", "close"], _harness.Descriptor.MethodsOf(driver).Select(m => m.Name));
        Assert.Equal("null", (await _harness.ExecJson("close", "[1]")).GetRawText());
        await Assert.ThrowsAsync<HarnessAssertionException>(() => _harness.ExecJson("open", "[1]"));
    }

    [Fact]
    public void A_declared_name_that_clashes_is_refused()
    {
        var clash = Assert.Throws<DriverDefinitionException>(() => _harness.Driver.Redeclare(["ping"]));
        Assert.Contains("already a method of the class", clash.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<DriverDefinitionException>(() => _harness.Driver.Redeclare(["close", "close"]));
        Assert.Contains("two methods named 'close'", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_schema_with_an_unknown_type_is_a_definition_error()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"x":{"type":"int"}}}""")!.AsObject();
        var error = Assert.Throws<DriverDefinitionException>(() => MethodDescriptor.Dynamic("m", schema, (_, _) => ValueTask.FromResult<JsonNode?>(null)));
        Assert.Contains("parameter 'x' has type 'int'", error.Message, StringComparison.Ordinal);
    }

    public sealed class DeclaringDriver : Driver
    {
        public string Ping() => "pong";

        protected override Task OnLoadAsync(CancellationToken cancellationToken)
        {
            Redeclare(["open"]);
            return Task.CompletedTask;
        }

        [Hidden]
        public void Redeclare(string[] names) => DeclareMethods(names.Select(Make));

        private static MethodDescriptor Make(string name) => MethodDescriptor.Dynamic(
            name,
            JsonNode.Parse("""{"type":"object","properties":{"door":{"type":"integer"},"seconds":{"type":["integer","null"]}},"required":["door"]}""")!.AsObject(),
            (args, _) => ValueTask.FromResult<JsonNode?>(name == "open" ? args : null));
    }
}
