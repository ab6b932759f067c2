// A WASI 0.2 command written in JavaScript (componentize-js, StarlingMonkey): its wasi:cli/run export prints a
// line, its arguments after the program name, and one environment variable, read through wasi:cli/environment.
import { getArguments, getEnvironment } from "wasi:cli/environment@0.2.12";

export const run = {
  run() {
    console.log("hello from componentize-js");
    const args = getArguments();
    console.log(`${args.length} arguments: ${JSON.stringify(args.slice(1))}`);
    const greeting = getEnvironment().find(([name]) => name === "HELLO_CLI_GREETING");
    console.log(`HELLO_CLI_GREETING=${greeting ? greeting[1] : "(unset)"}`);
    return;
  },
};
