// styled-components' theme is Garden's: `props.theme` in the app's styled components is an IGardenTheme.
import 'styled-components';
import type { IGardenTheme } from '@zendeskgarden/react-theming';

declare module 'styled-components' {
  export interface DefaultTheme extends IGardenTheme {}
}
