/*
 * Copyright 2026 the ipc-worker authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.github.ipcworker.codec;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.ipcworker.codec.JacksonPayloadCodecTests.Gadget;
import io.github.ipcworker.codec.JacksonPayloadCodecTests.Invoice;
import io.github.ipcworker.codec.JacksonPayloadCodecTests.Money;
import io.github.ipcworker.codec.JacksonPayloadCodecTests.MoneyDeserializer;
import io.github.ipcworker.codec.JacksonPayloadCodecTests.MoneySerializer;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.FrameDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.smile.SmileMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JacksonPayloadCodec} in the Smile format.
 */
class SmilePayloadCodecTests {

	/** Smile's header: ":)\n" and a version and flags byte. */
	private static final byte[] SMILE_HEADER = { ':', ')', '\n' };

	private final JacksonPayloadCodec codec = new JacksonPayloadCodec(JsonMapper.shared(), JacksonPayloadCodec.SMILE);

	@BeforeEach
	void forgetEarlierGadgets() {
		Gadget.created.set(0);
	}

	@Test
	void shouldRoundTripARecordAsSmile() {
		Payload payload = this.codec.encode(new Money(5, "USD"));
		assertThat(payload.flags()).isZero();
		assertThat(payload.bytes()).startsWith(SMILE_HEADER);
		assertThat(new SmileMapper().readTree(payload.bytes()))
			.isEqualTo(JsonMapper.shared().readTree("{\"cents\":5,\"currency\":\"USD\"}"));
		assertThat(this.codec.decode(payload, Money.class)).isEqualTo(new Money(5, "USD"));
		assertThat(this.codec.format()).isEqualTo("smile");
	}

	@Test
	void shouldReadGenericTypesAsDeclared() {
		Type moneys = new TypeReference<List<Money>>() {
		}.getType();
		Type byName = new TypeReference<Map<String, Money>>() {
		}.getType();
		assertThat(this.codec.decode(this.codec.encode(List.of(new Money(1, "EUR"), new Money(2, "GBP"))), moneys))
			.isEqualTo(List.of(new Money(1, "EUR"), new Money(2, "GBP")));
		assertThat(this.codec.decode(this.codec.encode(Map.of("a", new Money(3, "CHF"))), byName))
			.isEqualTo(Map.of("a", new Money(3, "CHF")));
	}

	@Test
	void shouldReadTheSameTypeAgainAndValuesOfOtherClassesAfterIt() {
		// Readers and writers are kept per type: a second use must not mix them up.
		for (int i = 0; i < 3; i++) {
			assertThat(this.codec.decode(this.codec.encode(new Money(i, "EUR")), Money.class))
				.isEqualTo(new Money(i, "EUR"));
			assertThat(this.codec.decode(this.codec.encode("text " + i), String.class)).isEqualTo("text " + i);
			assertThat(this.codec.decode(this.codec.encode(i), Integer.class)).isEqualTo(i);
		}
	}

	@Test
	void shouldPassBytesThroughFlaggedRaw() {
		byte[] bytes = { 0, (byte) 0xFF, ':' };
		Payload payload = this.codec.encode(bytes);
		assertThat(payload.flags()).isEqualTo(FrameDescriptor.FLAG_RAW);
		assertThat(payload.bytes()).isSameAs(bytes);
		assertThat(this.codec.decode(payload, byte[].class)).isSameAs(bytes);
	}

	@Test
	void shouldKeepNullsFlagged() {
		Payload payload = this.codec.encode(null);
		assertThat(payload.flags()).isEqualTo(FrameDescriptor.FLAG_NULL);
		assertThat(this.codec.decode(payload, new TypeReference<Optional<String>>() {
		}.getType())).isEqualTo(Optional.empty());
	}

	@Test
	void shouldRefuseJsonBytes() {
		byte[] json = "{\"cents\":5,\"currency\":\"USD\"}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> this.codec.decode(new Payload(0, json), Money.class));
	}

	@Test
	void shouldRefuseAValueOfAnotherType() {
		Payload text = this.codec.encode("not money");
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.codec.decode(text, Money.class))
			.withMessageContaining(Money.class.getName());
	}

	@Test
	void shouldWriteAndReadWithTheApplicationsSettings() {
		JsonMapper application = JsonMapper.builder()
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.addModule(new SimpleModule("money").addSerializer(Money.class, new MoneySerializer())
				.addDeserializer(Money.class, new MoneyDeserializer()))
			.build();
		JacksonPayloadCodec smile = new JacksonPayloadCodec(application, JacksonPayloadCodec.SMILE);
		Invoice invoice = new Invoice("ACME", new Money(1250, "EUR"));
		Payload payload = smile.encode(invoice);
		JsonNode tree = new SmileMapper().readTree(payload.bytes());
		assertThat(tree)
			.isEqualTo(JsonMapper.shared().readTree("{\"customer_name\":\"ACME\",\"total_amount\":\"12.50 EUR\"}"));
		assertThat(smile.decode(payload, Invoice.class)).isEqualTo(invoice);
	}

	@Test
	void shouldNotCreateAClassNamedInTheBytesNorWriteTypeIds() {
		JsonMapper permissive = JsonMapper.builder()
			.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build(),
					DefaultTyping.NON_FINAL)
			.build();
		JacksonPayloadCodec smile = new JacksonPayloadCodec(permissive, JacksonPayloadCodec.SMILE);
		// Default typing's standard inclusion, [ "class name", { properties } ], in
		// Smile.
		byte[] gadget = new SmileMapper().writeValueAsBytes(List.of(Gadget.class.getName(), Map.of("name", "w")));
		Object read = smile.decode(new Payload(0, gadget), Object.class);
		assertThat(read).isNotInstanceOf(Gadget.class);
		assertThat(Gadget.created).hasValue(0);
		Payload written = smile.encode(List.of(new Gadget()));
		assertThat(new SmileMapper().readTree(written.bytes()))
			.isEqualTo(JsonMapper.shared().readTree("[{\"name\":\"gadget\"}]"));
	}

	@Test
	void shouldSwitchFormatsKeepingTheMapperSettings() {
		JacksonPayloadCodec json = this.codec.withFormat(JacksonPayloadCodec.JSON);
		assertThat(json.format()).isEqualTo("json");
		assertThat(new String(json.encode(new Money(5, "USD")).bytes(), StandardCharsets.UTF_8))
			.isEqualTo("{\"cents\":5,\"currency\":\"USD\"}");
		assertThat(this.codec.withFormat(JacksonPayloadCodec.SMILE)).isSameAs(this.codec);
		assertThat(json.withFormat(JacksonPayloadCodec.SMILE).encode(new Money(5, "USD")).bytes())
			.startsWith(SMILE_HEADER);
	}

	@Test
	void shouldRefuseAnUnknownFormat() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JacksonPayloadCodec(JsonMapper.shared(), "xml"))
			.withMessage("Unknown ipc-worker codec 'xml'; use 'json' or 'smile'");
	}

}
