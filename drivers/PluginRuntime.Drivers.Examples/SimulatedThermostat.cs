using System.ComponentModel;
using PluginRuntime.Sdk;
using PluginRuntime.Sdk.Capabilities;

namespace PluginRuntime.Drivers.Examples;

/// <summary>
/// A thermostat with no device behind it: the room temperature drifts towards the setpoint on a schedule, so the
/// demo shows live status with nothing external.
/// </summary>
[Driver("Simulated Thermostat", DefaultModuleName = "Thermostat",
    Description = "A simulated room thermostat; the temperature drifts towards the setpoint.")]
[DefaultSettings("""{"setpoint": 21.5, "start_temperature": 18.0, "step_seconds": 5, "step_celsius": 0.1}""")]
public sealed class SimulatedThermostat : Driver, ISensor
{
    private Sdk.Scheduling.IScheduledTask? _drift;

    /// <summary>Sets the target temperature.</summary>
    [Description("Sets the target temperature in °C (5 to 35).")]
    public double SetSetpoint([Description("°C")] double celsius)
    {
        if (celsius is < 5 or > 35)
        {
            throw new ArgumentOutOfRangeException(nameof(celsius), celsius, "The setpoint must be between 5 and 35 °C.");
        }
        SetStatus("setpoint", celsius);
        return celsius;
    }

    /// <summary>Switches between heating, cooling, auto and off.</summary>
    public ThermostatMode SetMode(ThermostatMode mode)
    {
        SetStatus("mode", mode);
        return mode;
    }

    /// <inheritdoc />
    public IReadOnlyList<SensorReading> ListSensors() =>
        [new("temperature", "temperature", GetStatus<double>("temperature"), "°C", Time.GetUtcNow())];

    protected override Task OnLoadAsync(CancellationToken cancellationToken)
    {
        if (!HasStatus("temperature"))
        {
            SetStatus("temperature", Setting<double>("start_temperature"));
        }
        if (!HasStatus("mode"))
        {
            SetStatus("mode", ThermostatMode.Auto);
        }
        SetStatus("setpoint", Setting<double>("setpoint"));
        StartDrift();
        return Task.CompletedTask;
    }

    protected override Task OnSettingsChangedAsync(CancellationToken cancellationToken)
    {
        SetStatus("setpoint", Setting<double>("setpoint"));
        StartDrift();
        return Task.CompletedTask;
    }

    private void StartDrift()
    {
        _drift?.Dispose();
        _drift = Schedule.Every(TimeSpan.FromSeconds(Setting<double>("step_seconds")), () =>
        {
            Step();
            return Task.CompletedTask;
        });
    }

    private void Step()
    {
        if (GetStatus<ThermostatMode>("mode") == ThermostatMode.Off)
        {
            return;
        }
        double step = Setting<double>("step_celsius");
        double temperature = GetStatus<double>("temperature");
        double setpoint = GetStatus<double>("setpoint");
        double next = Math.Abs(setpoint - temperature) <= step ? setpoint : temperature + Math.Sign(setpoint - temperature) * step;
        SetStatus("temperature", Math.Round(next, 2));
        SetStatus("heating", next < setpoint);
    }
}

/// <summary>What the thermostat is allowed to do.</summary>
public enum ThermostatMode
{
    /// <summary>Heat or cool as needed.</summary>
    Auto,

    /// <summary>Heat only.</summary>
    Heat,

    /// <summary>Cool only.</summary>
    Cool,

    /// <summary>Do nothing.</summary>
    Off,
}
