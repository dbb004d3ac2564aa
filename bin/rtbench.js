#!/usr/bin/env node
import { runCli } from '../dist/cli/bin.js';

await runCli();
