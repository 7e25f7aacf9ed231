package com.shopfloor.order;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the order and inventory modules in one process. */
@SpringBootApplication(scanBasePackages = "com.shopfloor")
@EntityScan(basePackages = "com.shopfloor")
@EnableJpaRepositories(basePackages = "com.shopfloor")
@ConfigurationPropertiesScan(basePackages = "com.shopfloor")
@EnableScheduling
public class ShopfloorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopfloorApplication.class, args);
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
