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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.FrameDescriptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JacksonPayloadCodec}.
 */
class JacksonPayloadCodecTests {

	private final JacksonPayloadCodec codec = new JacksonPayloadCodec(JsonMapper.shared());

	@Test
	void shouldRoundTripAValueAsPlainJson() {
		Payload payload = this.codec.encode(new Money(5, "USD"));
		assertThat(payload.flags()).isZero();
		assertThat(new String(payload.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"cents\":5,\"currency\":\"USD\"}");
		assertThat(this.codec.decode(payload, Money.class)).isEqualTo(new Money(5, "USD"));
	}

	@Test
	void shouldReadAGenericTypeAsDeclared() {
		Type moneys = new TypeReference<List<Money>>() {
		}.getType();
		Payload payload = this.codec.encode(List.of(new Money(1, "EUR"), new Money(2, "GBP")));
		assertThat(this.codec.decode(payload, moneys)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly(new Money(1, "EUR"), new Money(2, "GBP"));
	}

	@Nested
	class NullValues {

		@Test
		void shouldEncodeNullAsAnEmptyPayloadFlaggedNull() {
			Payload payload = JacksonPayloadCodecTests.this.codec.encode(null);
			assertThat(payload.flags()).isEqualTo(FrameDescriptor.FLAG_NULL);
			assertThat(payload.hasFlag(FrameDescriptor.FLAG_NULL)).isTrue();
			assertThat(payload.hasFlag(FrameDescriptor.FLAG_RAW)).isFalse();
			assertThat(payload.bytes()).isEmpty();
		}

		@Test
		void shouldReadNullAsNullForAReferenceType() {
			assertThat(decodeNull(String.class)).isNull();
			assertThat(decodeNull(Integer.class)).isNull();
			assertThat(decodeNull(new TypeReference<List<String>>() {
			}.getType())).isNull();
		}

		@Test
		void shouldReadNullAsAnEmptyOptional() {
			assertThat(decodeNull(Optional.class)).isEqualTo(Optional.empty());
			assertThat(decodeNull(new TypeReference<Optional<String>>() {
			}.getType())).isEqualTo(Optional.empty());
		}

		@Test
		void shouldRefuseNullForAPrimitive() {
			assertThatIllegalArgumentException().isThrownBy(() -> decodeNull(int.class))
				.withMessage("null cannot be read as int");
		}

		private Object decodeNull(Type type) {
			return JacksonPayloadCodecTests.this.codec.decode(JacksonPayloadCodecTests.this.codec.encode(null), type);
		}

	}

	@Nested
	class RawBytes {

		private final byte[] bytes = { 0, (byte) 0xFF, '{' };

		@Test
		void shouldPassBytesThroughFlaggedRaw() {
			Payload payload = JacksonPayloadCodecTests.this.codec.encode(this.bytes);
			assertThat(payload.flags()).isEqualTo(FrameDescriptor.FLAG_RAW);
			assertThat(payload.bytes()).isSameAs(this.bytes);
		}

		@Test
		void shouldReadRawBytesAsByteArrayOrObject() {
			Payload payload = new Payload(FrameDescriptor.FLAG_RAW, this.bytes);
			assertThat(JacksonPayloadCodecTests.this.codec.decode(payload, byte[].class)).isSameAs(this.bytes);
			assertThat(JacksonPayloadCodecTests.this.codec.decode(payload, Object.class)).isSameAs(this.bytes);
		}

		@Test
		void shouldRefuseRawBytesForAnotherType() {
			Payload payload = new Payload(FrameDescriptor.FLAG_RAW, this.bytes);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> JacksonPayloadCodecTests.this.codec.decode(payload, String.class))
				.withMessage("a byte[] value cannot be read as java.lang.String; expected byte[]");
		}

	}

	@Nested
	class WhenTheApplicationTurnedOnDefaultTyping {

		/** An application mapper that trusts type ids for every non-final type. */
		private final JsonMapper permissive = JsonMapper.builder()
			.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build(),
					DefaultTyping.NON_FINAL)
			.build();

		@BeforeEach
		void forgetEarlierGadgets() {
			Gadget.created.set(0);
		}

		@Test
		void theApplicationsMapperWouldCreateTheClassNamedInTheBytes() {
			// Guards the test below: without this, a Jackson that ignored the type id
			// anyway would make it pass for the wrong reason.
			Object read = this.permissive.readValue(gadgetNamedInATypeId(), Object.class);
			assertThat(read).isInstanceOf(Gadget.class);
			assertThat(Gadget.created).hasValue(1);
		}

		@Test
		void shouldNotCreateAClassNamedInTheBytes() {
			JacksonPayloadCodec codec = new JacksonPayloadCodec(this.permissive);
			Object read = codec.decode(new Payload(0, gadgetNamedInATypeId()), Object.class);
			assertThat(read).isNotInstanceOf(Gadget.class);
			assertThat(Gadget.created).hasValue(0);
		}

		@Test
		void shouldWriteNoTypeIds() {
			JacksonPayloadCodec codec = new JacksonPayloadCodec(this.permissive);
			Payload payload = codec.encode(List.of(new Gadget()));
			assertThat(new String(payload.bytes(), StandardCharsets.UTF_8)).doesNotContain(Gadget.class.getName())
				.isEqualTo("[{\"name\":\"gadget\"}]");
		}

		private byte[] gadgetNamedInATypeId() {
			// Default typing's standard inclusion: [ "class name", { properties } ].
			return ("[\"" + Gadget.class.getName() + "\",{\"name\":\"from a worker\"}]")
				.getBytes(StandardCharsets.UTF_8);
		}

	}

	@Nested
	class WithTheApplicationsSettings {

		private final JsonMapper application = JsonMapper.builder()
			.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
			.addModule(new SimpleModule("money").addSerializer(Money.class, new MoneySerializer())
				.addDeserializer(Money.class, new MoneyDeserializer()))
			.activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfSubType(Object.class).build(),
					DefaultTyping.NON_FINAL)
			.build();

		private final JacksonPayloadCodec codec = new JacksonPayloadCodec(this.application);

		@Test
		void shouldWriteWithTheNamingStrategyAndModules() {
			Payload payload = this.codec.encode(new Invoice("ACME", new Money(1250, "EUR")));
			assertThat(payload.flags()).isZero();
			assertThat(new String(payload.bytes(), StandardCharsets.UTF_8))
				.isEqualTo("{\"customer_name\":\"ACME\",\"total_amount\":\"12.50 EUR\"}");
		}

		@Test
		void shouldReadWithTheNamingStrategyAndModules() {
			byte[] json = "{\"customer_name\":\"ACME\",\"total_amount\":\"12.50 EUR\"}"
				.getBytes(StandardCharsets.UTF_8);
			assertThat(this.codec.decode(new Payload(0, json), Invoice.class))
				.isEqualTo(new Invoice("ACME", new Money(1250, "EUR")));
		}

	}

	/**
	 * A class an attacker would like to see created.
	 */
	public static class Gadget {

		static final AtomicInteger created = new AtomicInteger();

		private String name = "gadget";

		public Gadget() {
			created.incrementAndGet();
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	record Invoice(String customerName, Money totalAmount) {

	}

	record Money(long cents, String currency) {

	}

	static final class MoneySerializer extends StdSerializer<Money> {

		MoneySerializer() {
			super(Money.class);
		}

		@Override
		public void serialize(Money value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(
					(value.cents() / 100) + "." + String.format("%02d", value.cents() % 100) + " " + value.currency());
		}

	}

	static final class MoneyDeserializer extends StdDeserializer<Money> {

		MoneyDeserializer() {
			super(Money.class);
		}

		@Override
		public Money deserialize(JsonParser parser, DeserializationContext context) {
			String[] amountAndCurrency = parser.getString().split(" ");
			String[] units = amountAndCurrency[0].split("\\.");
			return new Money(Long.parseLong(units[0]) * 100 + Long.parseLong(units[1]), amountAndCurrency[1]);
		}

	}

}
