package dev.portmonitor.engine;

import dev.portmonitor.config.MonitorSpec;
import dev.portmonitor.monitor.CheckResult;

/** A check on its way to confirmation, with its monitor's spec: nothing downstream looks it up again. */
record Checked(MonitorSpec spec, CheckResult check) {
}
