import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { IsLatitude, IsLongitude, Max, Min } from 'class-validator';
import type { Point } from 'typeorm';

export const MAX_RADIUS_KM = 500;

@InputType()
export class GeoPointInput {
  @Field(() => Float, { description: 'WGS84 latitude, −90..90.' })
  @IsLatitude()
  latitude: number;

  @Field(() => Float, { description: 'WGS84 longitude, −180..180.' })
  @IsLongitude()
  longitude: number;
}

@ObjectType()
export class GeoPoint {
  @Field(() => Float)
  latitude: number;

  @Field(() => Float)
  longitude: number;
}

export const toPoint = ({ latitude, longitude }: GeoPointInput): Point => ({ type: 'Point', coordinates: [longitude, latitude] });

export const fromPoint = (point: Point): GeoPoint => ({ latitude: point.coordinates[1], longitude: point.coordinates[0] });

/** A circle to search in: used by search, duplicate finding and saved searches alike. */
@InputType()
export class NearInput {
  @Field(() => Float)
  @IsLatitude()
  latitude: number;

  @Field(() => Float)
  @IsLongitude()
  longitude: number;

  @Field(() => Float, { description: `Radius in km, more than 0 and at most ${MAX_RADIUS_KM}.` })
  @Min(0.001, { message: 'radiusKm must be more than 0' })
  @Max(MAX_RADIUS_KM)
  radiusKm: number;
}
