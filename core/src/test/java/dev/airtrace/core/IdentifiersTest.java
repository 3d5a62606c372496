package dev.airtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "dev-001", "urn:dev:mac:0024befffe804ff1", "site_A.1"})
  void shouldAcceptIdentifiersOfAllowedCharacters(String id) {
    assertThat(new DeviceId(id).value()).isEqualTo(id);
    assertThat(new SiteId(id).toString()).isEqualTo(id);
    assertThat(new GatewayId(id).toString()).isEqualTo(id);
    assertThat(DeviceId.isValid(id)).isTrue();
    assertThat(SiteId.isValid(id)).isTrue();
  }

  @Test
  void shouldAcceptSixtyFourCharactersButNotSixtyFive() {
    assertThat(DeviceId.isValid("x".repeat(64))).isTrue();
    assertThat(DeviceId.isValid("x".repeat(65))).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"dev 1", "dev/1", "dev+", "dev#", "dév"})
  void shouldRejectIdentifiersThatAreUnsafeAsTopicLevelOrTag(String id) {
    assertThat(DeviceId.isValid(id)).isFalse();
    assertThatThrownBy(() -> new DeviceId(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device id");
  }
}
