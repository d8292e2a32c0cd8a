using System.Text.Json;
using PluginRuntime.Sdk.Metadata;
using PluginRuntime.Sdk.Testing;
using PluginRuntime.Sdk.Tests.Support;

namespace PluginRuntime.Sdk.Tests.Metadata;

public sealed class MethodBindingTests : IAsyncLifetime
{
    private DriverHarness<CalculatorDriver> _harness = null!;

    public async Task InitializeAsync() => _harness = await DriverHarness<CalculatorDriver>.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Positional_arguments_bind_in_order()
    {
        var result = await _harness.ExecJson("add", "[2, 3]");
        Assert.Equal(5, result.GetInt32());
    }

    [Fact]
    public async Task Named_arguments_bind_by_snake_case_or_csharp_name()
    {
        Assert.Equal("Hi, Ann!", (await _harness.ExecJson("greet", """{"name": "Ann", "greeting": "Hi"}""")).GetString());
        Assert.Equal("Hi, Bo!", (await _harness.ExecJson("Greet", """{"Name": "Bo", "Greeting": "Hi"}""")).GetString());
    }

    [Fact]
    public async Task Optional_parameters_take_their_defaults_positionally_and_by_name()
    {
        Assert.Equal("Hello, Ann!", (await _harness.ExecJson("greet", """["Ann"]""")).GetString());
        Assert.Equal("Hello, Ann!", (await _harness.ExecJson("greet", """{"name": "Ann"}""")).GetString());
    }

    [Fact]
    public async Task Task_and_ValueTask_results_are_awaited_and_serialised()
    {
        Assert.Equal(42, (await _harness.ExecJson("double_later_async", "[21]")).GetInt32());
        Assert.Equal("x", (await _harness.ExecJson("echo", """["x"]""")).GetString());
        Assert.Equal(JsonValueKind.Null, (await _harness.ExecJson("nothing", "[]")).ValueKind);
    }

    [Fact]
    public async Task Objects_arrays_and_enums_bind_with_the_runtime_json_conventions()
    {
        var moved = await _harness.ExecJson("move", """[{"x": 1, "y": 2}, 5]""");
        Assert.Equal("""{"x":6,"y":2}""", moved.GetRawText());
        Assert.Equal(6.5, (await _harness.ExecJson("sum", "[[1, 2, 3.5]]")).GetDouble());
        await _harness.ExecJson("set_speed", """["very_fast"]""");
        Assert.Equal("very_fast", _harness.Status["speed"]?.GetString());
    }

    [Fact]
    public async Task A_cancellation_token_parameter_is_supplied_by_the_host_not_the_caller()
    {
        Assert.True((await _harness.ExecJson("with_token", "[true]")).GetBoolean());
        var method = Method("with_token");
        Assert.Equal(["flag"], method.Parameters.Select(p => p.Name));
    }

    [Fact]
    public async Task A_wrong_type_names_the_parameter_and_the_expected_type()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("add", """[1, "two"]"""));
        Assert.Equal("Argument 'b' of 'add' should be an integer, but got string \"two\".", error.Message);
    }

    [Fact]
    public async Task A_fraction_for_an_integer_is_a_type_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("add", "[1, 2.5]"));
        Assert.Equal("Argument 'b' of 'add' should be an integer, but got number 2.5.", error.Message);
    }

    [Fact]
    public async Task Null_for_a_non_nullable_parameter_is_refused_but_allowed_for_a_nullable_one()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("greet", "[null]"));
        Assert.Equal("Argument 'name' of 'greet' should be a string, but got null.", error.Message);
        Assert.Equal(JsonValueKind.Null, (await _harness.ExecJson("maybe", "[null]")).ValueKind);
    }

    [Fact]
    public async Task Too_many_arguments_say_how_many_the_method_takes()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("greet", """["a", "b", "c"]"""));
        Assert.Equal("'greet' takes 1 to 2 arguments, but 3 were given. Parameters: name: string, greeting: string (optional).", error.Message);
    }

    [Fact]
    public async Task A_missing_required_argument_is_named()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("add", "[1]"));
        Assert.Equal("'add' is missing required argument 'b' (an integer). Parameters: a: integer, b: integer.", error.Message);
    }

    [Fact]
    public async Task An_unknown_named_argument_is_refused_with_the_parameter_list()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("add", """{"a": 1, "c": 2}"""));
        Assert.Equal("'add' has no parameter named 'c'. Parameters: a: integer, b: integer.", error.Message);
    }

    [Fact]
    public async Task Arguments_that_are_neither_array_nor_object_are_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentBindingException>(() => _harness.ExecJson("add", "5"));
        Assert.Equal("Arguments for 'add' must be a JSON array (positional) or object (named), not number 5.", error.Message);
    }

    [Fact]
    public async Task A_driver_exception_reaches_the_caller_unwrapped()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _harness.ExecJson("fail", "[]"));
        Assert.Equal("calculator failure", error.Message);
    }

    [Fact]
    public void Hidden_methods_methods_with_out_parameters_and_base_members_are_not_callable()
    {
        var names = _harness.Descriptor.Methods.Select(m => m.Name).ToArray();
        Assert.DoesNotContain("secret", names);
        Assert.DoesNotContain("try_parse", names);
        Assert.DoesNotContain("to_string", names);
        Assert.DoesNotContain("get_hash_code", names);
        Assert.Contains("double_later_async", names);
    }

    [Fact]
    public void Security_levels_come_from_the_attribute_and_default_to_user()
    {
        Assert.Equal(SecurityLevel.Support, Method("diagnostics").Security);
        Assert.Equal(SecurityLevel.User, Method("add").Security);
    }

    [Fact]
    public void The_interface_describes_parameters_as_json_schema()
    {
        var greet = _harness.Descriptor.DescribeInterface()["greet"]!.ToJsonString();
        Assert.Equal(
            """{"parameters":{"type":"object","properties":{"name":{"type":"string"},"greeting":{"type":"string","default":"Hello"}},"required":["name"],"additionalProperties":false},"order":["name","greeting"],"security":"user","returns":{"type":"string"},"description":"Greets someone"}""",
            greet);
        var speed = Method("set_speed").Schema["parameters"]!["properties"]!["speed"]!.ToJsonString();
        Assert.Equal("""{"type":"string","enum":["slow","very_fast"]}""", speed);
        var move = Method("move").Schema["parameters"]!["properties"]!["origin"]!.ToJsonString();
        Assert.Equal("""{"type":"object","properties":{"x":{"type":"integer"},"y":{"type":"integer"}}}""", move);
        var maybe = Method("maybe").Schema["parameters"]!["properties"]!["text"]!.ToJsonString();
        Assert.Equal("""{"type":["string","null"]}""", maybe);
    }

    [Fact]
    public void Driver_metadata_comes_from_the_class_attributes()
    {
        var descriptor = _harness.Descriptor;
        Assert.Equal("Calculator", descriptor.Name);
        Assert.Equal("Calc", descriptor.DefaultModuleName);
        Assert.Equal("Test driver", descriptor.Description);
        Assert.Equal("""{"precision":2,"label":"calc"}""", descriptor.DefaultSettings.ToJsonString());
    }

    [Fact]
    public void Two_callable_methods_with_one_wire_name_are_a_definition_error()
    {
        var error = Assert.Throws<DriverDefinitionException>(() => DriverDescriptor.Describe(typeof(ClashingDriver)));
        Assert.Contains("two callable methods named 'power'", error.Message);
    }

    [Fact]
    public void Classes_that_cannot_be_drivers_are_explained()
    {
        Assert.Contains("abstract", Assert.Throws<DriverDefinitionException>(() => DriverDescriptor.Describe(typeof(AbstractDriver))).Message);
        Assert.Contains("parameterless constructor", Assert.Throws<DriverDefinitionException>(() => DriverDescriptor.Describe(typeof(NoDefaultConstructorDriver))).Message);
        Assert.Contains("does not derive", Assert.Throws<DriverDefinitionException>(() => DriverDescriptor.Describe(typeof(string))).Message);
    }

    [Theory]
    [InlineData("SetVolume", "set_volume")]
    [InlineData("devEUI", "dev_eui")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("Input2Select", "input2_select")]
    public void Names_are_converted_to_snake_case(string name, string expected) =>
        Assert.Equal(expected, NameConventions.ToSnakeCase(name));

    private MethodDescriptor Method(string name) =>
        _harness.Descriptor.TryGetMethod(name, out var method) ? method : throw new InvalidOperationException(name);
}
