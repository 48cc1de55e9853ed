import com.sun.tools.attach.VirtualMachine;

/**
 * Loads async-profiler into a running JVM with its options, as its own launcher would (jcmd's JVMTI.agent_load
 * splits the options at commas): {@code java scripts/AttachProfiler.java <pid> <libasyncProfiler.so> <options>}.
 * Used by {@code PROFILE=... scripts/load-test.sh}.
 */
public final class AttachProfiler {
  public static void main(String[] args) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } finally {
      vm.detach();
    }
  }
}
