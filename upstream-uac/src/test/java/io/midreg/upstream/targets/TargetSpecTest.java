package io.midreg.upstream.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetSpecTest {
    @Test
    void parsesHostPortPriorityAndWeight() {
        assertThat(TargetSpec.parse("10.0.0.1:5070;priority=2;weight=30")).isEqualTo(new TargetSpec("10.0.0.1", 5070, 2, 30));
        assertThat(TargetSpec.parse(" reg.example.com ")).isEqualTo(new TargetSpec("reg.example.com", 5060, 1, 1));
        assertThat(TargetSpec.parse("[::1]:5080;weight=0")).isEqualTo(new TargetSpec("::1", 5080, 1, 0));
        assertThat(TargetSpec.parse("[::1]:5080").name()).isEqualTo("[::1]:5080");
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> TargetSpec.parse("10.0.0.1:99999")).hasMessageContaining("port must be within 1..65535");
        assertThatThrownBy(() -> TargetSpec.parse("10.0.0.1:5060;prio=1")).hasMessageContaining("unknown parameter 'prio=1'");
        assertThatThrownBy(() -> TargetSpec.parse("10.0.0.1:5060;weight=heavy")).hasMessageContaining("weight must be a number");
        assertThatThrownBy(() -> TargetSpec.parse("")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> TargetSpec.parse("bad host:5060")).hasMessageContaining("no valid host");
        assertThatThrownBy(() -> HostPort.parse("203.0.113.7", 0)).hasMessageContaining("needs a port");
    }
}
