using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Resiot.Decoding;

namespace PluginRuntime.Drivers.Resiot.Tests.Decoding;

public sealed class CayenneLppDecoderTests
{
    [Theory]
    [InlineData("020001", "digital_input_2", 1, null)]
    [InlineData("030100", "digital_output_3", 0, null)]
    [InlineData("0402ff9c", "analog_input_4", -1.0, null)]
    [InlineData("05030190", "analog_output_5", 4.0, null)]
    [InlineData("016400000100", "generic_sensor_1", 256, null)]
    [InlineData("0165012c", "illuminance_1", 300, "lx")]
    [InlineData("016601", "presence_1", 1, null)]
    [InlineData("03670110", "temperature_3", 27.2, "°C")]
    [InlineData("0567ffd7", "temperature_5", -4.1, "°C")]
    [InlineData("016828", "relative_humidity_1", 20.0, "%RH")]
    [InlineData("0173277f", "barometric_pressure_1", 1011.1, "hPa")]
    [InlineData("017401f4", "voltage_1", 5.0, "V")]
    [InlineData("017503e8", "current_1", 1.0, "A")]
    [InlineData("01760000c350", "frequency_1", 50000, "Hz")]
    [InlineData("017864", "percentage_1", 100, "%")]
    [InlineData("0179ff9c", "altitude_1", -100, "m")]
    [InlineData("017d0190", "concentration_1", 400, "ppm")]
    [InlineData("01800064", "power_1", 100, "W")]
    [InlineData("0182000003e8", "distance_1", 1.0, "m")]
    [InlineData("018300002710", "energy_1", 10.0, "kWh")]
    [InlineData("0184005a", "direction_1", 90, "°")]
    [InlineData("01855f5e1000", "unix_time_1", 1600000000, "s")]
    [InlineData("018e01", "switch_1", 1, null)]
    public void Each_single_valued_type_decodes_with_its_resolution_sign_and_unit(string hex, string key, double value, string? unit)
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString(hex));

        Assert.Empty(result.Errors);
        Assert.Equal(value, result.Data![key]!.GetValue<double>(), 6);
        var reading = Assert.Single(result.Readings);
        Assert.Equal(key, reading.Key);
        Assert.Equal(key[..key.LastIndexOf('_')], reading.Kind);
        Assert.Equal(value, reading.Value, 6);
        Assert.Equal(unit, reading.Unit);
    }

    [Fact]
    public void An_accelerometer_decodes_three_signed_axes_in_g()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("067104d2fb2e0000"));

        Assert.Empty(result.Errors);
        Assert.Equal("""{"x":1.234,"y":-1.234,"z":0}""", result.Data!["accelerometer_6"]!.ToJsonString());
        Assert.Equal(["accelerometer_6.x", "accelerometer_6.y", "accelerometer_6.z"], result.Readings.Select(r => r.Key));
        Assert.All(result.Readings, r => Assert.Equal("G", r.Unit));
        Assert.Equal("accelerometer_y", result.Readings[1].Kind);
    }

    [Fact]
    public void A_gyrometer_decodes_three_signed_axes_in_degrees_per_second()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("018601f4fe0c0000"));

        Assert.Equal("""{"x":5,"y":-5,"z":0}""", result.Data!["gyrometer_1"]!.ToJsonString());
        Assert.All(result.Readings, r => Assert.Equal("°/s", r.Unit));
    }

    [Fact]
    public void A_gps_position_decodes_signed_24_bit_latitude_longitude_and_altitude()
    {
        // The Cayenne LPP specification's own example: 42.3519, -87.9094, 10 m.
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("018806765ff2960a0003e8"));

        Assert.Empty(result.Errors);
        var gps = result.Data!["gps_1"]!;
        Assert.Equal(42.3519, gps["latitude"]!.GetValue<double>(), 6);
        Assert.Equal(-87.9094, gps["longitude"]!.GetValue<double>(), 6);
        Assert.Equal(10, gps["altitude"]!.GetValue<double>(), 6);
        Assert.Equal(["°", "°", "m"], result.Readings.Select(r => r.Unit));
    }

    [Fact]
    public void A_colour_decodes_its_red_green_and_blue_bytes()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("0187ff8000"));

        Assert.Equal("""{"r":255,"g":128,"b":0}""", result.Data!["colour_1"]!.ToJsonString());
    }

    [Fact]
    public void Several_channels_in_one_payload_all_decode_in_order()
    {
        // The specification's two-sensor example (temperatures on channels 3 and 5) plus a humidity and a digital input.
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("03670110" + "0567ffd7" + "02686b" + "070001"));

        Assert.Empty(result.Errors);
        Assert.Equal("""{"temperature_3":27.2,"temperature_5":-4.1,"relative_humidity_2":53.5,"digital_input_7":1}""", result.Data!.ToJsonString());
        Assert.Equal(["temperature", "temperature", "relative_humidity", "digital_input"], result.Readings.Select(r => r.Kind));
    }

    [Fact]
    public void An_empty_payload_decodes_to_no_data_and_no_error()
    {
        var result = CayenneLppDecoder.Decode([]);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Data!);
    }

    [Fact]
    public void An_unknown_type_stops_decoding_with_an_error_naming_it_and_keeps_what_came_before()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("03670110" + "04ff01"));

        Assert.Equal("Cayenne LPP: unknown data type 255 (0xff) on channel 4 at byte 4.", Assert.Single(result.Errors));
        Assert.Equal("""{"temperature_3":27.2}""", result.Data!.ToJsonString());
    }

    [Fact]
    public void A_truncated_record_is_an_error_that_says_how_many_bytes_were_missing()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("036701"));

        Assert.Equal("Cayenne LPP: temperature on channel 3 needs 2 bytes at byte 2, but only 1 remain.", Assert.Single(result.Errors));
    }

    [Fact]
    public void A_lone_channel_byte_is_an_error()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("0367011003"));

        Assert.Equal("Cayenne LPP: a record starts at byte 4 but the payload ends before its type byte.", Assert.Single(result.Errors));
    }

    [Fact]
    public void The_same_channel_and_type_twice_keeps_the_last_value_with_a_warning()
    {
        var result = CayenneLppDecoder.Decode(Convert.FromHexString("03670110" + "036700c8"));

        Assert.Equal(20.0, result.Data!["temperature_3"]!.GetValue<double>());
        Assert.Equal(20.0, Assert.Single(result.Readings).Value);
        Assert.Contains("twice", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Every_type_in_the_table_has_a_test_above()
    {
        // Guards the theory: a type added to the table without a vector here fails this test.
        byte[] tested = [0, 1, 2, 3, 100, 101, 102, 103, 104, 113, 115, 116, 117, 118, 120, 121, 125, 128, 130, 131, 132, 133, 134, 135, 136, 142];
        Assert.Equal(tested.Order(), CayenneLppTypes.ById.Keys.Order());
    }
}
