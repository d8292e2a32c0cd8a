// Validates AsyncAPI 3.0.0 documents (YAML) against the official JSON Schema from @asyncapi/specs.
// Prints one line per file, "VALID <file>" or "INVALID <file>" followed by indented errors; exits 1 if any is invalid.
const fs = require('fs');
const yaml = require('js-yaml');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const schema = require('@asyncapi/specs/schemas/3.0.0-without-$id.json');

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let invalid = 0;
for (const file of process.argv.slice(2)) {
  let document;
  try {
    document = yaml.load(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    invalid++;
    console.log(`INVALID ${file}\n  not YAML: ${error.message}`);
    continue;
  }
  if (document?.asyncapi !== '3.0.0') {
    invalid++;
    console.log(`INVALID ${file}\n  asyncapi must be 3.0.0, not ${JSON.stringify(document?.asyncapi)}`);
    continue;
  }
  if (validate(document)) {
    console.log(`VALID ${file}`);
  } else {
    invalid++;
    console.log(`INVALID ${file}`);
    for (const error of validate.errors) {
      console.log(`  ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}
process.exit(invalid ? 1 : 0);
